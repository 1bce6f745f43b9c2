// A partner's own Stripe customer in the dashboard, in Chromium against the real server: set
// when the partner is created, refused with the API's message under the field when malformed,
// changed and removed through Edit; a sale by that customer is held and its signal says why. The
// forms pass axe.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumOrSkip } from "../../support/browser";
import { convert } from "../../support/conversions";
import {
  type DashboardRig,
  expectAccessible,
  openPage,
  screenshot,
  signInThroughForm,
  startDashboard,
} from "../../support/dashboard-browser";

const canRun = chromiumOrSkip("dashboard partner form tests");
const MALFORMED = "must be a Stripe customer id (cus_ followed by letters and digits)";

describe.skipIf(!canRun)("a partner's Stripe customer in Chromium", () => {
  let rig: DashboardRig;
  let sk: string;
  beforeAll(async () => {
    rig = await startDashboard();
    sk = rig.h.merchant.keys.sk_test;
  }, 60_000);
  afterAll(async () => rig?.close());

  async function signedIn(): Promise<Page> {
    const page = await rig.newPage();
    await signInThroughForm(page, rig.user);
    await openPage(page, "Partners", "Partners");
    return page;
  }
  const partnerNamed = async (name: string) =>
    (await rig.h.get("/api/v1/partners?limit=100", { key: sk })).body.data.find(
      (p: { name: string }) => p.name === name,
    );

  it("creates a partner with their Stripe customer; a malformed id shows the API's message", async () => {
    const page = await signedIn();
    await page.getByRole("button", { name: "New partner" }).click();
    const dialog = page.getByRole("dialog", { name: "New partner" });
    await dialog.getByLabel("Name").fill("Iris");
    const field = dialog.getByLabel(/^Stripe customer id/);
    await field.fill("pi_NotACustomer");
    await dialog.getByRole("button", { name: "Create partner" }).click();
    await dialog.getByText(MALFORMED).waitFor();
    await expectAccessible(page, "Partners › New partner, with a field error");
    expect(await partnerNamed("Iris")).toBeUndefined();

    // Surrounding spaces (a paste from Stripe) are trimmed.
    await field.fill(" cus_IrisOwn42 ");
    await dialog.getByRole("button", { name: "Create partner" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(await partnerNamed("Iris")).toMatchObject({ stripe_customer_id: "cus_IrisOwn42" });
    await page.getByRole("row", { name: /Iris/ }).getByText("cus_IrisOwn42").waitFor();
    // At 1280 px the partners fit their box: a row's buttons (Edit, Promotion codes, Suspend)
    // are not behind a horizontal scroll.
    expect(
      await page
        .getByRole("table", { name: "Partners" })
        .evaluate((table) => table.scrollWidth - (table.parentElement?.clientWidth ?? 0)),
    ).toBeLessThanOrEqual(0);
    await screenshot(page, "partners-list");
    expect(rig.pageErrors).toEqual([]);
  }, 90_000);

  it("edits a partner's Stripe customer, then removes it; a sale by it is held, saying why", async () => {
    const page = await signedIn();
    const name = rig.h.partner.name;
    await page.getByRole("button", { name: `Edit ${name}` }).click();
    const dialog = page.getByRole("dialog", { name: `Edit ${name}` });
    const field = dialog.getByLabel(/^Stripe customer id/);
    expect(await field.inputValue()).toBe("");
    await field.fill("cus_bad-id");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.getByText(MALFORMED).waitFor();
    await expectAccessible(page, "Partners › Edit, with a field error");
    await screenshot(page, "partners-edit-error");

    await field.fill("cus_DemoOwn7");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "hidden" });
    const demo = await rig.h.get(`/api/v1/partners/${rig.h.partner.id}`, { key: sk });
    // Only the Stripe customer was sent: the e-mail stays.
    expect(demo.body).toMatchObject({
      stripe_customer_id: "cus_DemoOwn7",
      email: "partner@example.com",
    });
    await page
      .getByRole("row", { name: new RegExp(name) })
      .getByText("cus_DemoOwn7")
      .waitFor();

    const click = await rig.h.click("demo", { ip: "198.51.100.77" });
    const sold = await convert(rig.h, {
      click_id: click.body.click_id,
      customer_id: "cus_DemoOwn7",
    });
    expect(sold.body.commission.status).toBe("held");
    await openPage(page, "Commissions", "Commissions");
    await page
      .getByRole("list", { name: `Fraud signals of ${sold.body.commission.id}` })
      .getByText("Self-referral: the customer is the partner's own Stripe customer")
      .waitFor();

    // Emptied, it is removed.
    await openPage(page, "Partners", "Partners");
    await page.getByRole("button", { name: `Edit ${name}` }).click();
    expect(await field.inputValue()).toBe("cus_DemoOwn7");
    await field.fill("");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(
      (await rig.h.get(`/api/v1/partners/${rig.h.partner.id}`, { key: sk })).body,
    ).toMatchObject({ stripe_customer_id: null, email: "partner@example.com" });
    expect(rig.pageErrors).toEqual([]);
  }, 90_000);
});
