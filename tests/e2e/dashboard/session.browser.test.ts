// Signing in and out of the dashboard in Chromium, against the real server: a wrong password,
// then the right one; signing out ends the session on the server; another merchant's user sees
// none of this merchant's data; a change without the CSRF token is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumOrSkip } from "../../support/browser";
import {
  type DashboardRig,
  openPage,
  signInThroughForm,
  startDashboard,
} from "../../support/dashboard-browser";
import { createDashboardUser } from "../../support/session";

const canRun = chromiumOrSkip("dashboard sign-in tests");

describe.skipIf(!canRun)("dashboard sign-in in Chromium", () => {
  let rig: DashboardRig;
  beforeAll(async () => {
    rig = await startDashboard();
    rig.h.clock.set(new Date());
    await rig.h.click("demo", { ip: "198.51.100.10" });
  }, 60_000);
  afterAll(async () => rig?.close());

  it("refuses a wrong password, then signs in; signing out ends the session on the server", async () => {
    const page = await rig.newPage();
    await page.getByLabel("E-mail").fill(rig.user.email);
    await page.getByLabel("Password").fill("this is not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toBe("The e-mail address or the password is wrong.");
    expect(await page.getByLabel("Password").inputValue()).toBe("");

    await signInThroughForm(page, rig.user);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === "selgeo_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    // The page's scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain("selgeo_session");

    await page.locator(".account summary").click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to Selgeo" }).waitFor();
    // The cookie the browser had, replayed, works nowhere any more.
    const replay = await rig.h.get("/api/v1/clicks", {
      headers: { Cookie: `selgeo_session=${session?.value}`, "Selgeo-Mode": "test" },
    });
    expect(replay.status).toBe(401);
    await page.reload();
    await page.getByRole("heading", { name: "Sign in to Selgeo" }).waitFor();
  });

  it("a user of another merchant sees none of this merchant's data", async () => {
    const other = await rig.h.otherMerchant("Rival Shop");
    const rival = await createDashboardUser(rig.h, {
      merchantId: other.merchant_id,
      email: "owner@rival.example",
    });
    const page = await rig.newPage();
    await signInThroughForm(page, rival);
    expect(await page.locator(".brand").textContent()).toBe("Rival Shop");
    await openPage(page, "Clicks", "Clicks");
    await page.getByText("No clicks in test mode yet.").waitFor();
    await openPage(page, "Partners", "Partners");
    await page.getByText("No partners yet.").waitFor();
    expect(await page.getByText("Demo Partner").count()).toBe(0);
    // Even a hand-made request for this merchant's partner finds nothing.
    const status = await page.evaluate(async (id) => {
      const res = await fetch(`/api/v1/partners/${id}`, { headers: { "Selgeo-Mode": "test" } });
      return res.status;
    }, rig.h.partner.id);
    expect(status).toBe(404);
  });

  it("refuses a change the page makes without the CSRF token", async () => {
    const page = await rig.newPage();
    await signInThroughForm(page, rig.user);
    const answers = await page.evaluate(async (id) => {
      const patch = (headers: Record<string, string>) =>
        fetch(`/api/v1/partners/${id}`, {
          method: "PATCH",
          headers: { "Content-Type": "application/json", "Selgeo-Mode": "test", ...headers },
          body: JSON.stringify({ status: "suspended" }),
        }).then(async (res) => ({ status: res.status, body: await res.json() }));
      return { without: await patch({}), forged: await patch({ "X-CSRF-Token": "guess" }) };
    }, rig.h.partner.id);
    expect(answers.without).toMatchObject({
      status: 403,
      body: { error: { code: "CSRF_TOKEN_INVALID" } },
    });
    expect(answers.forged.status).toBe(403);
    const partner = await rig.h.get(`/api/v1/partners/${rig.h.partner.id}`, {
      key: rig.h.merchant.keys.sk_test,
    });
    expect(partner.body.status).toBe("approved");
    expect(rig.pageErrors).toEqual([]);
  });
});
