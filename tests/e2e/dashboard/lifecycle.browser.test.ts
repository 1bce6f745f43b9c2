// The commission lifecycle, fraud holds, outbound webhooks and promotion codes in the dashboard,
// in Chromium against the real server: a due commission is marked paid through the Payouts page
// (with a reference and an Idempotency-Key), a commission held for fraud signals shows them and
// is released, a webhook endpoint is created (its secret shown once), a failed delivery is
// resent and arrives, a partner gets a promotion code; every new page passes axe, light and dark.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDueWebhooks } from "../../../server/webhooks/worker";
import { chromiumOrSkip } from "../../support/browser";
import { convert } from "../../support/conversions";
import {
  type DashboardRig,
  expectAccessible,
  expectNoSidewaysScroll,
  openPage,
  screenshot,
  signInThroughForm,
  startDashboard,
} from "../../support/dashboard-browser";
import { startWebhookReceiver, type WebhookReceiver } from "../../support/webhook-receiver";

const canRun = chromiumOrSkip("dashboard lifecycle tests");
const WORKER = { timeoutMs: 5_000, retryBaseMs: 60_000 };

describe.skipIf(!canRun)("payouts, fraud holds, webhooks and promotion codes in Chromium", () => {
  let rig: DashboardRig;
  let receiver: WebhookReceiver;
  let sk: string;
  let ip = 0;
  beforeAll(async () => {
    rig = await startDashboard();
    receiver = await startWebhookReceiver();
    sk = rig.h.merchant.keys.sk_test;
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await rig?.close();
  });

  async function sale(ref: string, extra: Record<string, unknown> = {}) {
    ip += 1;
    const click = await rig.h.click(ref, { ip: `198.51.100.${ip}` });
    const res = await convert(rig.h, { click_id: click.body.click_id, ...extra });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string; commission: { id: string; status: string } };
  }
  const commission = async (id: string) =>
    (await rig.h.get(`/api/v1/commissions/${id}`, { key: sk })).body;

  async function signedIn(colorScheme: "light" | "dark" = "light"): Promise<Page> {
    const page = await rig.newPage({ colorScheme });
    await signInThroughForm(page, rig.user);
    return page;
  }

  it("marks a due commission paid through the Payouts page, once, and exports it", async () => {
    // A program without a hold period: its commissions are due at once.
    const program = await rig.h.createProgram({ name: "No hold", hold_days: 0 });
    const partner = await rig.h.createPartner({
      program_id: program.id,
      ref: "nohold",
      name: "Nora Payable",
    });
    const { commission: c } = await sale(partner.ref);
    rig.h.clock.advance(1_000);

    const page = await signedIn();
    const keys: Array<string | undefined> = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && request.url().endsWith("/api/v1/payouts")) {
        keys.push(request.headers()["idempotency-key"]);
      }
    });
    await openPage(page, "Payouts", "Payouts");
    const due = page.getByRole("table", { name: "Due per partner and currency" });
    await due.getByRole("row", { name: /Nora Payable/ }).waitFor();
    await expectAccessible(page, "Payouts");

    await page.getByRole("button", { name: "Mark paid Nora Payable" }).click();
    const dialog = page.getByRole("dialog", { name: "Mark Nora Payable paid?" });
    await dialog.getByText(/cannot be undone/).waitFor();
    await expectAccessible(page, "Payouts › Mark paid");
    await dialog.getByLabel("Payment reference").fill("SEPA-E2E-0001");
    await dialog.getByRole("button", { name: "Mark paid", exact: true }).click();
    await dialog.waitFor({ state: "hidden" });

    const made = page.getByRole("table", { name: "Payouts, newest first" });
    await made.getByText("SEPA-E2E-0001").waitFor();
    const paid = await commission(c.id);
    expect(paid.status).toBe("paid");
    expect(paid.payout_id).toMatch(/^po_/);
    const payout = (await rig.h.get(`/api/v1/payouts/${paid.payout_id}`, { key: sk })).body;
    expect(payout.reference).toBe("SEPA-E2E-0001");
    expect(payout.lines).toEqual([expect.objectContaining({ partner_id: partner.id })]);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    // Nothing of this partner is due any more.
    await due.getByRole("row", { name: /Nora Payable/ }).waitFor({ state: "detached" });

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export payouts CSV" }).click(),
    ]);
    const csv = readFileSync((await download.path()) as string, "utf8");
    expect(csv).toContain("SEPA-E2E-0001");
    expect(csv).toContain(c.id);
    const [commissionsDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export commissions CSV" }).click(),
    ]);
    expect(readFileSync((await commissionsDownload.path()) as string, "utf8")).toContain(c.id);

    // A date range: days without the payout export none of it; today's exports it again.
    // Days around the payout's own (the harness's clock is not the machine's).
    const paidDay = Date.parse(`${(payout.created_at as string).slice(0, 10)}T00:00:00Z`);
    const day = (offset: number) =>
      new Date(paidDay + offset * 86_400_000).toISOString().slice(0, 10);
    const exported = async (button: string) => {
      const [file] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: button }).click(),
      ]);
      return {
        name: file.suggestedFilename(),
        csv: readFileSync((await file.path()) as string, "utf8"),
      };
    };
    await page.getByLabel("To (UTC)").fill(day(-1));
    const before = await exported("Export payouts CSV");
    expect(before.csv).not.toContain("SEPA-E2E-0001");
    expect(before.name).toBe(`payouts-test-start_to_${day(-1)}.csv`);
    expect((await exported("Export commissions CSV")).csv).not.toContain(c.id);
    await page.getByLabel("To (UTC)").fill(day(0));
    await page.getByLabel("From (UTC)").fill(day(0));
    const today = await exported("Export payouts CSV");
    expect(today.csv).toContain("SEPA-E2E-0001");
    expect(today.name).toBe(`payouts-test-${day(0)}_to_${day(0)}.csv`);
    await expectAccessible(page, "Payouts with an export range");
    await screenshot(page, "payouts");
    expect(rig.pageErrors).toEqual([]);
  }, 90_000);

  it("shows a held commission's fraud signals; releases one, rejects another", async () => {
    // The harness's partner `demo` is partner@example.com: a self-referral.
    const held = await sale("demo", { customer_email: "partner@example.com" });
    expect(held.commission.status).toBe("held");

    const page = await signedIn();
    await openPage(page, "Commissions", "Commissions");
    const signals = page.getByRole("list", { name: `Fraud signals of ${held.commission.id}` });
    await signals.getByText("Self-referral: the customer's e-mail is the partner's own").waitFor();
    await expectAccessible(page, "Commissions with a fraud hold");

    await page.getByRole("button", { name: /^Release the commission of/ }).click();
    const dialog = page.getByRole("dialog", { name: "Release this commission?" });
    await dialog.getByRole("button", { name: "Release" }).click();
    await dialog.waitFor({ state: "hidden" });
    await signals.waitFor({ state: "detached" });
    expect(await commission(held.commission.id)).toMatchObject({
      status: "pending",
      held_by: null,
    });

    // Another self-referral, rejected: reversed in full.
    const rejected = await sale("demo", { customer_email: "Partner@Example.com" });
    expect(rejected.commission.status).toBe("held");
    await page.reload();
    await page.getByRole("list", { name: `Fraud signals of ${rejected.commission.id}` }).waitFor();
    await page.getByRole("button", { name: /^Reject the commission of/ }).click();
    const reject = page.getByRole("dialog", { name: "Reject this commission?" });
    await reject.getByText(/reversed in full/).waitFor();
    await reject.getByRole("button", { name: "Reject" }).click();
    await reject.waitFor({ state: "hidden" });
    expect((await commission(rejected.commission.id)).status).toBe("reversed");
    expect(rig.pageErrors).toEqual([]);
  }, 90_000);

  it("creates a webhook endpoint (secret shown once), resends a failed delivery", async () => {
    const page = await signedIn();
    await openPage(page, "Webhooks", "Webhooks");
    await page.getByRole("button", { name: "New endpoint" }).click();
    const form = page.getByRole("dialog", { name: "New webhook endpoint" });
    await form.getByLabel("Endpoint URL").fill(receiver.url);
    for (const type of [
      "conversion.recorded",
      "conversion.attributed",
      "commission.reversed",
      "commission.due",
      "commission.paid",
      "partner.updated",
    ]) {
      await form.getByRole("checkbox", { name: type, exact: true }).uncheck();
    }
    await expectAccessible(page, "Webhooks › New endpoint");
    await form.getByRole("button", { name: "Create endpoint" }).click();

    const reveal = page.getByRole("dialog", { name: "Your endpoint's signing secret" });
    await reveal.getByText(/shown only this once/).waitFor();
    const secret = (await reveal.locator(".key-reveal code").textContent()) as string;
    expect(secret).toMatch(/^whsec_/);
    await reveal.getByRole("button", { name: "Copy" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await reveal.getByRole("button", { name: "Done" }).click();
    await page
      .getByRole("table", { name: "Webhook endpoints" })
      .locator("code", { hasText: receiver.url })
      .waitFor();
    expect(await page.content()).not.toContain(secret);
    const endpoints = (await rig.h.get("/api/v1/webhook-endpoints", { key: sk })).body.data;
    expect(endpoints).toEqual([
      expect.objectContaining({ url: receiver.url, events: ["commission.created"] }),
    ]);
    expect(endpoints[0].secret).toBeUndefined();

    // One commission: one delivery, which the receiver refuses the first time.
    receiver.answers.push(500);
    await sale("demo");
    await deliverDueWebhooks(rig.h.services, WORKER);
    expect(receiver.received).toHaveLength(1);
    await page.reload();
    await page.getByRole("heading", { name: "Webhooks", level: 1 }).waitFor();
    const deliveries = page.getByRole("table", { name: "Webhook deliveries, newest first" });
    const row = deliveries.getByRole("row", { name: /commission\.created/ });
    await row.getByText("HTTP 500").waitFor();
    await expectAccessible(page, "Webhooks");
    // At 1280 px the deliveries fit their box: a row's buttons are not behind a horizontal scroll.
    expect(
      await deliveries.evaluate(
        (table) => table.scrollWidth - (table.parentElement?.clientWidth ?? 0),
      ),
    ).toBeLessThanOrEqual(0);

    await row.getByRole("button", { name: /^Resend/ }).click();
    await page.getByText("commission.created is queued to be sent again.").waitFor();
    await deliverDueWebhooks(rig.h.services, WORKER);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.event.id).toBe(receiver.received[0]?.event.id);
    await page.reload();
    await row.getByText("delivered", { exact: true }).waitFor();
    expect((await row.getByRole("cell").nth(3).textContent())?.trim()).toBe("2");

    // Each attempt, with what the endpoint answered and when.
    await row.getByRole("button", { name: /^Attempts/ }).click();
    const attempts = page.getByRole("dialog", { name: /^Attempts of commission\.created/ });
    const attemptRows = attempts
      .getByRole("table", { name: "Attempts, oldest first" })
      .locator("tbody tr");
    await expect.poll(() => attemptRows.count()).toBe(2);
    expect(await attemptRows.nth(0).textContent()).toMatch(/failed.*HTTP 500.*\d+ ms/);
    expect(await attemptRows.nth(1).textContent()).toMatch(/delivered.*HTTP 200.*\d+ ms/);
    expect(await attempts.locator("time").count()).toBeGreaterThanOrEqual(2);
    await expectAccessible(page, "Webhooks › Attempts");
    await page.keyboard.press("Escape");
    await attempts.waitFor({ state: "hidden" });

    // Its URL and events changed through the UI.
    const moved = `${receiver.url}?moved=1`;
    await page.getByRole("button", { name: `Edit ${receiver.url}` }).click();
    const edit = page.getByRole("dialog", { name: "Edit webhook endpoint" });
    expect(await edit.getByLabel("Endpoint URL").inputValue()).toBe(receiver.url);
    expect(
      await edit.getByRole("checkbox", { name: "commission.created", exact: true }).isChecked(),
    ).toBe(true);
    await edit.getByLabel("Endpoint URL").fill(moved);
    await edit.getByRole("checkbox", { name: "commission.paid", exact: true }).check();
    await expectAccessible(page, "Webhooks › Edit endpoint");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await page
      .getByRole("table", { name: "Webhook endpoints" })
      .locator("code", { hasText: moved })
      .waitFor();
    expect((await rig.h.get("/api/v1/webhook-endpoints", { key: sk })).body.data).toEqual([
      expect.objectContaining({ url: moved, events: ["commission.created", "commission.paid"] }),
    ]);
    await page.getByRole("button", { name: `Edit ${moved}` }).click();
    await edit.getByLabel("Endpoint URL").fill(receiver.url);
    await edit.getByRole("button", { name: "Save changes" }).click();
    await page
      .getByRole("table", { name: "Webhook endpoints" })
      .locator("code", { hasText: receiver.url })
      .waitFor();
    await edit.waitFor({ state: "hidden" });

    // Disabled through the UI, after a confirmation.
    await page.getByRole("button", { name: `Disable ${receiver.url}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Disable endpoint" }).click();
    await page
      .getByRole("table", { name: "Webhook endpoints" })
      .getByText("disabled", { exact: true })
      .waitFor();
    expect((await rig.h.get("/api/v1/webhook-endpoints", { key: sk })).body.data[0].disabled).toBe(
      true,
    );
    await screenshot(page, "webhooks");
    expect(rig.pageErrors).toEqual([]);
  }, 90_000);

  it("adds a promotion code to a partner, and removes it", async () => {
    const page = await signedIn();
    await openPage(page, "Partners", "Partners");
    const name = rig.h.partner.name;
    await page.getByRole("button", { name: `Promotion codes of ${name}` }).click();
    const dialog = page.getByRole("dialog", { name: `Promotion codes of ${name}` });
    await dialog.getByText(/owns no promotion code yet/).waitFor();
    await dialog.getByLabel("Stripe promotion code id").fill("promo_E2eCode123");
    await dialog.getByLabel("Code customers type (optional)").fill("ANNA10");
    await dialog.getByRole("button", { name: "Add code" }).click();
    await dialog.getByRole("cell", { name: "promo_E2eCode123", exact: true }).waitFor();
    await expectAccessible(page, "Partners › Promotion codes");
    const codes = (
      await rig.h.get(`/api/v1/partners/${rig.h.partner.id}/promotion-codes`, { key: sk })
    ).body.data;
    expect(codes).toEqual([
      expect.objectContaining({ promotion_code: "promo_E2eCode123", code: "ANNA10" }),
    ]);

    // Removed after a confirmation in its row; Keep changes nothing.
    const codesOf = async () =>
      (await rig.h.get(`/api/v1/partners/${rig.h.partner.id}/promotion-codes`, { key: sk })).body
        .data;
    await dialog.getByRole("button", { name: "Remove promo_E2eCode123" }).click();
    await dialog.getByRole("button", { name: "Keep promo_E2eCode123" }).click();
    expect(await codesOf()).toHaveLength(1);
    await dialog.getByRole("button", { name: "Remove promo_E2eCode123" }).click();
    await dialog.getByText("Checkouts using it will credit nobody.").waitFor();
    await expectAccessible(page, "Partners › Promotion codes › Remove");
    await dialog.getByRole("button", { name: "Confirm removal of promo_E2eCode123" }).click();
    await dialog.getByText(/owns no promotion code yet/).waitFor();
    expect(await codesOf()).toEqual([]);
    expect(rig.pageErrors).toEqual([]);
  }, 90_000);

  it("the new pages have no serious accessibility violation in dark mode", async () => {
    // A held commission, so the Commissions page shows its signals and review buttons.
    await sale("demo", { customer_email: "partner@example.com" });
    const page = await signedIn("dark");
    for (const [link, heading] of [
      ["Payouts", "Payouts"],
      ["Webhooks", "Webhooks"],
      ["Commissions", "Commissions"],
    ] as const) {
      await openPage(page, link, heading);
      await page.getByRole("table").first().waitFor();
      await page.waitForLoadState("networkidle");
      await expectAccessible(page, `${link} (dark)`);
      await screenshot(page, `${link.toLowerCase()}-dark`);
    }
    expect(rig.pageErrors).toEqual([]);
  }, 90_000);

  it("the new pages fit half a laptop screen (720 px)", async () => {
    const page = await rig.newPage({ width: 720 });
    await signInThroughForm(page, rig.user);
    for (const [link, heading] of [
      ["Payouts", "Payouts"],
      ["Webhooks", "Webhooks"],
      ["Commissions", "Commissions"],
    ] as const) {
      await openPage(page, link, heading);
      await page.getByRole("table").first().waitFor();
      await expectNoSidewaysScroll(page, link);
    }
    expect(rig.pageErrors).toEqual([]);
  }, 90_000);
});
