// Every page of the dashboard from a month of a shop's data: it renders, axe-core finds no
// serious or critical violation (light and dark), and a screenshot of each is saved under
// tests/artifacts/dashboard/ for people to look at. With UPDATE_README_SCREENSHOT=1 the Overview's
// is also written to docs/img/overview.png, the README's picture.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Page } from "playwright-core";
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
import { type ShopData, seedShopMonth } from "../../support/dashboard-data";
import { connectStripe, deliver } from "../../support/stripe-events";

const canRun = chromiumOrSkip("dashboard page tests");
const OVERVIEW_IMAGE = resolve(import.meta.dirname, "../../../docs/img/overview.png");

const PAGES: Array<{
  link: string;
  heading: string | RegExp;
  name: string;
  ready: (page: Page) => Promise<unknown>;
}> = [
  {
    link: "Overview",
    heading: "Overview",
    name: "overview",
    ready: (p) => p.getByRole("figure").first().waitFor(),
  },
  {
    link: "Clicks",
    heading: "Clicks",
    name: "clicks",
    ready: (p) => p.getByRole("table").waitFor(),
  },
  {
    link: "Conversions",
    heading: "Conversions",
    name: "conversions",
    ready: (p) => p.getByRole("table").waitFor(),
  },
  {
    link: "Commissions",
    heading: "Commissions",
    name: "commissions",
    ready: (p) => p.getByRole("table").waitFor(),
  },
  {
    link: "Partners",
    heading: "Partners",
    name: "partners",
    ready: (p) => p.getByRole("table").waitFor(),
  },
  {
    link: "Attribution Audit Log",
    heading: "Attribution Audit Log",
    name: "audit-log",
    ready: (p) => p.locator("article").first().waitFor(),
  },
  {
    link: "Integration",
    heading: "Integration",
    name: "integration",
    ready: (p) => p.locator(".state, .finding").first().waitFor(),
  },
  {
    link: "Settings",
    heading: "Programs › Settings",
    name: "programs",
    ready: (p) => p.getByLabel("Attribution window (days)").waitFor(),
  },
  {
    link: "API Keys",
    heading: "API keys",
    name: "api-keys",
    ready: (p) => p.getByRole("table").first().waitFor(),
  },
  {
    link: "Stripe",
    heading: "Stripe",
    name: "stripe",
    ready: (p) => p.getByText("Last event:").waitFor(),
  },
  {
    link: "Allowed origins",
    heading: "Allowed origins",
    name: "allowed-origins",
    ready: (p) => p.getByLabel("Origin", { exact: true }).waitFor(),
  },
];

describe.skipIf(!canRun)("dashboard pages in Chromium", () => {
  let rig: DashboardRig;
  let data: ShopData;
  beforeAll(async () => {
    rig = await startDashboard();
    data = await seedShopMonth(rig.h);
    await connectStripe(rig.h);
    // One delivery Stripe could not get through: Settings › Stripe shows it.
    await deliver(rig.h, '{"livemode":false}', { header: "t=1,v1=0000" });
    await rig.h.patch("/api/v1/settings", {
      key: rig.h.merchant.keys.sk_test,
      body: { allowed_origins: ["https://shop.acme.example"] },
    });
  }, 180_000);
  afterAll(async () => rig?.close());

  it("renders every page from real data, accessibly, in light and dark", {
    timeout: 480_000,
  }, async () => {
    const page = await rig.newPage();
    await screenshot(page, "sign-in");
    await expectAccessible(page, "sign-in");
    await signInThroughForm(page, rig.user);
    for (const spec of PAGES) {
      await openPage(page, spec.link, spec.heading);
      await spec.ready(page);
      await page.waitForLoadState("networkidle");
      await screenshot(page, spec.name);
      await expectAccessible(page, spec.name);
      await expectNoSidewaysScroll(page, spec.name);
    }
    await openPage(page, "Overview", "Overview");
    await page.getByRole("figure").first().waitFor();
    await page.waitForLoadState("networkidle");
    // The README's picture changes only when asked for, so a test run leaves the tree clean.
    if (process.env.UPDATE_README_SCREENSHOT === "1") {
      await screenshot(page, "overview", OVERVIEW_IMAGE);
    }

    const dark = await rig.newPage({ colorScheme: "dark" });
    await signInThroughForm(dark, rig.user);
    for (const spec of PAGES) {
      await openPage(dark, spec.link, spec.heading);
      await spec.ready(dark);
      await dark.waitForLoadState("networkidle");
      await screenshot(dark, `${spec.name}-dark`);
      await expectAccessible(dark, `${spec.name} (dark)`);
    }
    expect(rig.pageErrors).toEqual([]);
  });

  it("shows the Overview's figures as the API counts them", async () => {
    const page = await rig.newPage();
    await signInThroughForm(page, rig.user);
    await page.getByRole("figure").first().waitFor();
    const stats = await rig.h.get(`/api/v1/stats`, { key: rig.h.merchant.keys.sk_test });
    const kpi = (label: string) =>
      page
        .locator(".kpi")
        .filter({ has: page.getByText(label, { exact: true }) })
        .locator(".kpi-value")
        .first();
    // The browser's last 30 days are the API's default range when both run on the same clock.
    expect(await kpi("Clicks").textContent()).toBe(
      stats.body.totals.clicks.toLocaleString("en-US"),
    );
    expect(await kpi("Conversions").textContent()).toBe(String(stats.body.totals.conversions));
    expect(stats.body.totals.clicks).toBeGreaterThan(data.clickIds.length * 0.9);
    // Each unattributed reason links to its conversions, filtered.
    await page.getByRole("link", { name: /No click_id sent/ }).click();
    await page.getByRole("heading", { name: "Conversions", level: 1 }).waitFor();
    expect(page.url()).toContain("reason=CLICK_ID_MISSING");
    await expect.poll(() => page.locator("tbody tr").count()).toBe(3);
    await expect
      .poll(() =>
        page
          .getByText(
            "Troubleshooting guide › Conversions not attributed › Missing or invalid click_id",
          )
          .count(),
      )
      .toBeGreaterThan(0);
  });

  it("at half a laptop screen every page still fits", { timeout: 120_000 }, async () => {
    const page = await rig.newPage({ width: 720, height: 900 });
    await signInThroughForm(page, rig.user);
    for (const spec of PAGES) {
      await openPage(page, spec.link, spec.heading);
      await spec.ready(page);
      await expectNoSidewaysScroll(page, `${spec.name} at 720 px`);
      if (spec.name === "overview" || spec.name === "conversions") {
        await screenshot(page, `${spec.name}-half-screen`);
      }
    }
  });

  it("exports the filtered commissions as CSV, amounts in the currency's units", async () => {
    const page = await rig.newPage();
    await signInThroughForm(page, rig.user);
    await openPage(page, "Commissions", "Commissions");
    await page.getByRole("table").waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV" }).click(),
    ]);
    const csv = readFileSync((await download.path()) as string, "utf8");
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe(
      "id,created_at,status,partner,partner_id,conversion_id,currency,amount,reversed,net",
    );
    const api = await rig.h.get("/api/v1/commissions?limit=100", {
      key: rig.h.merchant.keys.sk_test,
    });
    expect(lines).toHaveLength(api.body.data.length + 1);
    const first = api.body.data[0];
    expect(lines[1]).toContain(`${first.id},${first.created_at},${first.status}`);
    expect(lines[1]).toContain(`,EUR,${(first.amount_cents / 100).toFixed(2)},`);
  });

  it("states what a program change will do before saving it", async () => {
    const page = await rig.newPage();
    await signInThroughForm(page, rig.user);
    await openPage(page, "Settings", "Programs › Settings");
    await page.getByLabel("Attribution window (days)").fill("45");
    await expect.poll(() => page.getByText(/Applies to new clicks only/).count()).toBe(1);
    await page.getByRole("button", { name: "Review and save" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("30 days → 45 days.").waitFor();
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Saved.").waitFor();
    const program = await rig.h.get(`/api/v1/programs/${rig.h.program.id}`, {
      key: rig.h.merchant.keys.sk_test,
    });
    expect(program.body.attribution_window_days).toBe(45);
    const log = await rig.h.get("/api/v1/audit-log?limit=5", { key: rig.h.merchant.keys.sk_test });
    expect(log.body.data.find((e: any) => e.action === "program")).toMatchObject({
      actor: { type: "user", label: rig.user.email },
      facts: { changes: { attribution_window_days: { from: 30, to: 45 } } },
    });
  });

  it("shows and edits the payments that earn, the trial bounty and the commission base", async () => {
    const page = await rig.newPage();
    await signInThroughForm(page, rig.user);
    await openPage(page, "Settings", "Programs › Settings");
    await page.getByLabel("Payments that earn (recurring_months)").fill("12");
    await page.getByText(/A subscription earns commission on the first 12 payments/).waitFor();
    await page.getByLabel("Pay a flat amount when an attributed subscription starts free").check();
    await page.getByLabel("Bounty amount").fill("5");
    await page.getByLabel("Include shipping in Stripe payments' commission base").check();
    await page.getByRole("button", { name: "Review and save" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("the first payment only → the first 12 payments.").waitFor();
    await dialog.getByText(/no trial bounty → .*5\.00 per free sign-up\./).waitFor();
    await dialog
      .getByText("sale without tax and shipping → sale without tax, with shipping.")
      .waitFor();
    await expectAccessible(page, "programs-review");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Saved.").waitFor();
    const program = await rig.h.get(`/api/v1/programs/${rig.h.program.id}`, {
      key: rig.h.merchant.keys.sk_test,
    });
    expect(program.body).toMatchObject({
      recurring_months: 12,
      trial_bounty: { amount_cents: 500, currency: "EUR" },
      commission_base_includes_shipping: true,
    });
    // After a reload the form shows what was saved.
    await page.reload();
    await page.getByLabel("Bounty amount").waitFor();
    expect(await page.getByLabel("Bounty amount").inputValue()).toBe("5.00");
    expect(
      await page.getByLabel("Include shipping in Stripe payments' commission base").isChecked(),
    ).toBe(true);
  });
});
