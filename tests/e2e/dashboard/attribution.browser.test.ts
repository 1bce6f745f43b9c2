// The whole path through the dashboard in Chromium: a pending partner is approved in the UI, a
// conversion for their click then shows attributed with its commission, and the Attribution
// Audit Log finds the decision by each of the four ids a merchant may hold.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumOrSkip } from "../../support/browser";
import {
  type DashboardRig,
  openPage,
  signInThroughForm,
  startDashboard,
} from "../../support/dashboard-browser";

const canRun = chromiumOrSkip("dashboard attribution tests");

describe.skipIf(!canRun)("approving a partner and following a conversion in Chromium", () => {
  let rig: DashboardRig;
  beforeAll(async () => {
    rig = await startDashboard();
    rig.h.clock.set(new Date());
  }, 60_000);
  afterAll(async () => rig?.close());

  it("approve in the UI, then the conversion is attributed with its commission and found by every id", {
    timeout: 90_000,
  }, async () => {
    const pending = await rig.h.createPartner({
      name: "Nadia Blogs",
      ref: "nadia",
      status: "pending",
    });
    const click = (await rig.h.click("nadia", { ip: "198.51.100.30" })).body.click_id as string;
    const page = await rig.newPage();
    await signInThroughForm(page, rig.user);
    await openPage(page, "Partners", "Partners");
    const row = page.getByRole("row").filter({ hasText: "Nadia Blogs" });
    await row.getByRole("button", { name: "Approve Nadia Blogs" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Approve" }).click();
    await row.getByText("Approved").waitFor();
    const stored = await rig.h.get(`/api/v1/partners/${pending.id}`, {
      key: rig.h.merchant.keys.sk_test,
    });
    expect(stored.body.status).toBe("approved");

    const sale = await rig.h.post("/api/v1/conversions", {
      key: rig.h.merchant.keys.sk_test,
      headers: { "X-Request-Id": "checkout-7781" },
      body: {
        click_id: click,
        event_type: "purchase",
        external_transaction_id: "order_7781",
        amount_cents: 12_000,
        currency: "EUR",
      },
    });
    expect(sale.body.status).toBe("attributed");
    const conversionId = sale.body.id as string;

    await openPage(page, "Conversions", "Conversions");
    const conversionRow = page.getByRole("row").filter({ hasText: "order_7781" });
    await conversionRow.getByText("Attributed", { exact: true }).first().waitFor();
    expect(await conversionRow.textContent()).toContain("Nadia Blogs");
    expect(await conversionRow.textContent()).toContain("€120.00");
    expect(await conversionRow.textContent()).toContain("commission €24.00");

    await openPage(page, "Attribution Audit Log", "Attribution Audit Log");
    for (const id of [click, conversionId, "order_7781", "checkout-7781"]) {
      await page.getByLabel("Click id, conversion id, transaction id or request id").fill(id);
      await page.getByRole("button", { name: "Search" }).click();
      const entry = page
        .locator("article")
        .filter({ hasText: conversionId })
        .filter({ hasText: "ATTRIBUTED" });
      await entry.first().waitFor();
      expect(await entry.first().textContent(), `search ${id}`).toContain(
        "The click was found in the same mode, within the attribution window, for an approved partner",
      );
    }
    // The approval itself is in the log, made by the signed-in user.
    await page.getByLabel("Click id, conversion id, transaction id or request id").fill("");
    await page.getByRole("button", { name: "Search" }).click();
    const approval = page.locator("article").filter({ hasText: "PARTNER_STATUS_CHANGED" });
    await approval.waitFor();
    expect(await approval.textContent()).toContain(`${rig.user.email} (dashboard user)`);

    // A click id anywhere leads to the log: from the Clicks page.
    await openPage(page, "Clicks", "Clicks");
    await page.getByRole("link", { name: click }).click();
    await page.getByRole("heading", { name: "Attribution Audit Log", level: 1 }).waitFor();
    expect(
      await page.getByLabel("Click id, conversion id, transaction id or request id").inputValue(),
    ).toBe(click);
    await page.locator("article").filter({ hasText: conversionId }).first().waitFor();
    expect(rig.pageErrors).toEqual([]);
  });
});
