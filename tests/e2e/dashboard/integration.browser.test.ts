// The dashboard's Integration page in Chromium, from a shop's real data: clicks from two origins,
// a refused origin, conversions without a click id and from the wrong mode. It shows each
// finding with its fix (copyable) and evidence linked to the audit log, the counts as tables, a
// period to choose — accessibly (axe-core, light and dark), with screenshots saved.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumOrSkip } from "../../support/browser";
import {
  type DashboardRig,
  expectAccessible,
  expectNoSidewaysScroll,
  openPage,
  screenshot,
  signInThroughForm,
  startDashboard,
} from "../../support/dashboard-browser";

const canRun = chromiumOrSkip("dashboard integration page tests");

describe.skipIf(!canRun)("the Integration page in Chromium", () => {
  let rig: DashboardRig;
  let missingId: string;
  beforeAll(async () => {
    rig = await startDashboard();
    // The page asks for a period ending now, by the browser's clock.
    rig.h.clock.set(new Date());
    const { h } = rig;
    const sk = h.merchant.keys.sk_test;
    for (const [i, origin] of [
      "https://shop.acme.example",
      "https://shop.acme.example",
      "https://blog.acme.example",
    ].entries()) {
      const res = await h.click("demo", { ip: `198.51.100.${i}`, headers: { Origin: origin } });
      expect(res.status).toBe(201);
    }
    const live = await h.click("demo", {
      key: h.merchant.keys.pk_live,
      ip: "198.51.100.9",
      headers: { Origin: "https://shop.acme.example" },
    });
    const convert = (txn: string, clickId?: string) =>
      h.post("/api/v1/conversions", {
        key: sk,
        body: {
          event_type: "purchase",
          external_transaction_id: txn,
          amount_cents: 4900,
          currency: "EUR",
          ...(clickId ? { click_id: clickId } : {}),
        },
      });
    missingId = (await convert("order_no_click")).body.id;
    await convert("order_wrong_mode", live.body.click_id);
    await h.patch("/api/v1/settings", {
      key: sk,
      body: { allowed_origins: ["https://shop.acme.example"] },
    });
    for (let i = 0; i < 3; i++) {
      const res = await h.click("demo", {
        ip: `203.0.113.${i}`,
        headers: { Origin: "https://copycat.example" },
      });
      expect(res.status).toBe(403);
    }
  }, 120_000);
  afterAll(async () => rig?.close());

  it("shows the findings with their fixes and the counts, accessibly", {
    timeout: 120_000,
  }, async () => {
    const page = await rig.newPage();
    await signInThroughForm(page, rig.user);
    await openPage(page, "Integration", "Integration");
    const missing = page.locator('[data-finding="server-click-id-missing-api"]');
    await missing.waitFor();
    expect(await missing.textContent()).toContain("Conversion API");
    await expect.poll(() => page.locator("article.finding").count()).toBe(3);
    const ids = await page
      .locator("article.finding")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-finding")));
    // Worst first: the two errors, then the warning.
    expect(ids).toEqual([
      "server-click-id-missing-api",
      "server-mode-mismatch",
      "server-origin-not-allowed",
    ]);
    await page.getByText("2 to fix", { exact: false }).waitFor();

    // The fix is copied as it is written.
    await missing.getByRole("button", { name: /Copy fix/ }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain("__selgeo?.getClickId()");

    // The counts as tables.
    const origins = page.getByRole("table", { name: "Clicks by page origin" });
    expect(
      await origins.getByRole("row").filter({ hasText: "https://shop.acme.example" }).textContent(),
    ).toContain("2");
    expect(
      await origins.getByRole("row").filter({ hasText: "https://blog.acme.example" }).textContent(),
    ).toContain("1");
    const refused = page.getByRole("table", { name: "Refused click requests" });
    expect(
      await refused.getByRole("row").filter({ hasText: "https://copycat.example" }).textContent(),
    ).toContain("ORIGIN_NOT_ALLOWED");
    const sources = page.getByRole("table", { name: "Conversions without a click id, by source" });
    expect(await sources.textContent()).toContain("Conversion API without click_id");

    await page.waitForLoadState("networkidle");
    await screenshot(page, "integration-findings");
    await expectAccessible(page, "integration");
    await expectNoSidewaysScroll(page, "integration");

    // Evidence leads to the audit log.
    await missing.getByText(/Evidence/).click();
    await missing.getByRole("link", { name: `audit log: ${missingId}` }).click();
    await page.getByRole("heading", { name: "Attribution Audit Log" }).waitFor();
    await page.locator("article").filter({ hasText: missingId }).first().waitFor();

    // The same in the dark theme.
    const dark = await rig.newPage({ colorScheme: "dark" });
    await signInThroughForm(dark, rig.user);
    await openPage(dark, "Integration", "Integration");
    await dark.locator("article.finding").first().waitFor();
    await screenshot(dark, "integration-findings-dark");
    await expectAccessible(dark, "integration (dark)");
    expect(rig.pageErrors).toEqual([]);
  });

  it("a period without data says there is nothing wrong", { timeout: 60_000 }, async () => {
    // Everything above happened "now"; a day later, the last 24 hours are empty.
    const later = new Date(Date.now() + 2 * 86_400_000);
    rig.h.clock.set(later);
    const page = await rig.newPage();
    await page.clock.setFixedTime(later);
    await signInThroughForm(page, rig.user);
    await openPage(page, "Integration", "Integration");
    await page.getByLabel("Period").selectOption({ label: "Last 24 hours" });
    await page.getByText("No problems found in your recent data.").waitFor();
    expect(await page.locator("article.finding").count()).toBe(0);
    await expectAccessible(page, "integration-empty");
  });
});
