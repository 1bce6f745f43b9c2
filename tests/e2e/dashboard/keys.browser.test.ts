// Settings › API Keys in Chromium: a key rotated in the UI stops working at the API at once, the
// new key (shown once, with a copy button) works, and the list shows secret keys by prefix only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumOrSkip } from "../../support/browser";
import {
  type DashboardRig,
  openPage,
  signInThroughForm,
  startDashboard,
} from "../../support/dashboard-browser";

const canRun = chromiumOrSkip("dashboard key tests");

describe.skipIf(!canRun)("API keys in Chromium", () => {
  let rig: DashboardRig;
  beforeAll(async () => {
    rig = await startDashboard();
  }, 60_000);
  afterAll(async () => rig?.close());

  it("a secret key rotated in the UI stops working at once; the new one works", async () => {
    const old = rig.h.merchant.keys.sk_test;
    expect((await rig.h.get("/api/v1/conversions", { key: old })).status).toBe(200);
    const page = await rig.newPage();
    await signInThroughForm(page, rig.user);
    await openPage(page, "API Keys", "API keys");
    const masked = `sk_test_…${old.slice(-4)}`;
    await page.locator("code.key", { hasText: masked }).waitFor();
    expect(await page.content()).not.toContain(old);

    await page.getByRole("button", { name: `Rotate ${masked}` }).click();
    const confirm = page.getByRole("dialog");
    await confirm.getByText(/stops working immediately/).waitFor();
    await confirm.getByRole("button", { name: "Rotate key" }).click();
    const reveal = page.getByRole("dialog", { name: "Your new key" });
    await reveal.getByText(/shown only this once/).waitFor();
    const fresh = (await reveal.locator(".key-reveal code").textContent()) as string;
    expect(fresh).toMatch(/^sk_test_[A-Za-z0-9]{24,}$/);
    await reveal.getByRole("button", { name: "Copy" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(fresh);

    const refused = await rig.h.get("/api/v1/conversions", { key: old });
    expect(refused.status).toBe(401);
    expect(refused.body.error.details.reason).toBe("REVOKED");
    expect((await rig.h.get("/api/v1/conversions", { key: fresh })).status).toBe(200);

    await reveal.getByRole("button", { name: "Done" }).click();
    await page.locator("code.key", { hasText: `sk_test_…${fresh.slice(-4)}` }).waitFor();
    expect(await page.content()).not.toContain(fresh);
    expect(rig.pageErrors).toEqual([]);
  });
});
