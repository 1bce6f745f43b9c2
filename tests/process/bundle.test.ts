// `selgeo bundle`: a support bundle exported by the extension in real Chromium — the panel's own
// "Export support bundle" button, saved as the browser downloads it — read back by the binary,
// with the Attribution Audit Log of its request ids and click id from the database or the API.
// Then every way a file can fail to be a bundle, each as one sentence.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  findTabId,
  openControlPage,
  panelUrl,
  selgeoExtensionId,
  waitForSession,
} from "../../extension/automation/driver";
import { supportBundleSchema } from "../../extension/bundle/schema";
import { visitorUserAgent } from "../../server/support/doctor/run";
import { selgeo } from "../fixtures/doctor/cli";
import {
  copyExtensionBuild,
  type DoctorShop,
  HOST_RULES_ARG,
  startDoctorShop,
} from "../fixtures/doctor/shop";
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumOrSkip } from "../support/browser";

const dir = mkdtempSync(join(tmpdir(), "selgeo-bundle-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const canRun = chromiumOrSkip("the bundle export");

/** Visits `url` in a new tab, waits for the extension to settle, exports from the panel page. */
async function exportFromPanel(
  context: BrowserContext,
  control: Page,
  extensionId: string,
  url: string,
  file: string,
): Promise<void> {
  const tab = await context.newPage();
  await tab.goto(url);
  const tabId = await findTabId(control, url);
  const { timedOut } = await waitForSession(control, tabId, { timeoutMs: 30_000 });
  expect(timedOut, `${url} never settled`).toBe(false);
  const panel = await context.newPage();
  await panel.goto(panelUrl(extensionId, tabId));
  await panel.locator('[data-testid="panel"][data-ready="true"]').waitFor({ timeout: 15_000 });
  const [download] = await Promise.all([
    panel.waitForEvent("download"),
    panel.getByTestId("export-bundle").click(),
  ]);
  await download.saveAs(file);
  await panel.close();
}

describe.skipIf(!canRun)("a bundle exported from the panel, read by selgeo bundle", () => {
  let shop: DoctorShop;
  let extension: { dir: string; remove(): void };
  let context: BrowserContext;
  let userDataDir: string;
  const healthyFile = join(dir, "healthy.json");
  const cspFile = join(dir, "csp.json");
  let clickId: string;

  beforeAll(async () => {
    [shop, extension] = await Promise.all([startDoctorShop(), copyExtensionBuild()]);
    userDataDir = mkdtempSync(join(tmpdir(), "selgeo-bundle-chromium-"));
    // A visitor's user agent, as the doctor uses: headless Chromium's own is answered as a bot's.
    const userAgent = await visitorUserAgent(CHROMIUM_PATH);
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      acceptDownloads: true,
      ...(userAgent ? { userAgent } : {}),
      args: [
        ...CHROMIUM_ARGS,
        HOST_RULES_ARG,
        `--disable-extensions-except=${extension.dir}`,
        `--load-extension=${extension.dir}`,
      ],
    });
    const extensionId = await selgeoExtensionId(context);
    const control = await openControlPage(context, extensionId);
    await Promise.all([
      exportFromPanel(
        context,
        control,
        extensionId,
        `${shop.url("healthy")}?ref=demo`,
        healthyFile,
      ),
      exportFromPanel(context, control, extensionId, `${shop.url("cspscript")}?ref=demo`, cspFile),
    ]);
    await context.close();

    // The merchant's server then reports two sales with the page's click id, the second one twice.
    const bundle = supportBundleSchema.parse(JSON.parse(readFileSync(healthyFile, "utf8")));
    clickId = bundle.status.clickId!;
    const key = shop.api.merchant.keys.sk_live;
    const sale = (txn: string, requestId: string) =>
      shop.api.post("/api/v1/conversions", {
        key,
        headers: { "X-Request-Id": requestId },
        body: {
          click_id: clickId,
          event_type: "purchase",
          external_transaction_id: txn,
          amount_cents: 4900,
          currency: "EUR",
        },
      });
    expect((await sale("txn_bundle_1", "bundle-sale-1")).status).toBe(201);
    shop.api.clock.advance(60_000);
    expect((await sale("txn_bundle_1", "bundle-sale-1-retry")).status).toBe(409);
  }, 180_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await shop?.close();
    extension?.remove();
  });

  it("the exported file is a masked bundle of the page, with its click id and request ids", () => {
    const text = readFileSync(healthyFile, "utf8");
    const bundle = supportBundleSchema.parse(JSON.parse(text));
    expect(bundle.page?.url).toBe(`${shop.url("healthy")}?ref=demo`);
    expect(bundle.findings).toEqual([]);
    expect(clickId).toMatch(/^clk_/);
    expect(bundle.requestIds.length).toBeGreaterThan(0);
    expect(text).not.toContain(shop.api.merchant.keys.pk_live);
  });

  it("from the database: findings, request ids, the click and the decisions citing it", async () => {
    const res = await selgeo(["bundle", healthyFile, "--merchant", shop.api.merchant.merchant_id], {
      DATABASE_URL: shop.api.databaseUrl,
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`Page: ${shop.url("healthy")}?ref=demo`);
    expect(res.stdout).toContain("Findings: none");
    const bundle = supportBundleSchema.parse(JSON.parse(readFileSync(healthyFile, "utf8")));
    for (const id of bundle.requestIds) expect(res.stdout).toContain(`  ${id}: no entries`);
    expect(res.stdout).toContain(`Click ${clickId}: live mode, ref demo`);
    expect(res.stdout).toContain("attribution: attributed — ATTRIBUTED");
    expect(res.stdout).toContain("attribution: rejected — CONVERSION_DUPLICATE");
    expect(res.stdout).toContain("Conversions not attributed › Duplicate conversion");
    expect(res.stdout).toContain("Result: no error-level finding (exit code 0).");
  });

  it("over the API with the merchant's secret key, as JSON", async () => {
    const res = await selgeo([
      "bundle",
      healthyFile,
      "--json",
      "--api",
      shop.apiUrl,
      "--key",
      shop.api.merchant.keys.sk_live,
    ]);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.bundle.status.clickId).toBe(clickId);
    expect(out.audit.source).toContain(shop.apiUrl);
    expect(out.audit.click.click).toMatchObject({ id: clickId, mode: "live", ref: "demo" });
    expect(out.audit.click.entries.map((e: { request_id: string }) => e.request_id)).toEqual([
      "bundle-sale-1",
      "bundle-sale-1-retry",
    ]);
    expect(out.audit.click.entries[1].explanation.guide_section).toMatch(/Duplicate conversion/);
  });

  it("a bundle with an error-level finding exits 1 and prints the finding with its fix", async () => {
    const res = await selgeo(["bundle", cspFile, "--merchant", shop.api.merchant.merchant_id], {
      DATABASE_URL: shop.api.databaseUrl,
    });
    expect(res.code, res.stderr).toBe(1);
    expect(res.stdout).toContain("ERROR csp-script-src — Snippet not loading");
    expect(res.stdout).toContain(`script-src 'self' ${shop.snippetOrigin}`);
    expect(res.stdout).toContain("Result: 1 error on the merchant's page (exit code 1).");
  });

  it("without a database or --api the findings are still printed, and it says why", async () => {
    const res = await selgeo(["bundle", cspFile, "--merchant", shop.api.merchant.merchant_id], {
      DATABASE_URL: `file:${join(dir, "absent.db")}`,
    });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain("ERROR csp-script-src");
    expect(res.stdout).toContain("Attribution Audit Log: not looked up.");
    expect(res.stdout).toContain(`No database at ${join(dir, "absent.db")}`);
  });

  it("refuses a publishable key for --api", async () => {
    const res = await selgeo([
      "bundle",
      healthyFile,
      "--api",
      shop.apiUrl,
      "--key",
      shop.api.merchant.keys.pk_live,
    ]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--api needs the merchant's secret key/);
  });
});

describe("selgeo bundle: files that are not bundles", () => {
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("a missing file", async () => {
    const res = await selgeo(["bundle", join(dir, "nope.json")]);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe("");
    expect(res.stderr).toContain(`No such file: ${join(dir, "nope.json")}`);
    expect(res.stderr).toContain("Export support bundle");
  });

  it("a file that is not JSON", async () => {
    const res = await selgeo(["bundle", write("garbled.json", "{ format: selgeo")]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/garbled\.json is not JSON \(/);
  });

  it("JSON of another kind: a doctor report", async () => {
    const path = write(
      "report.json",
      JSON.stringify({ format: "selgeo-doctor-report", version: 1 }),
    );
    const res = await selgeo(["bundle", path]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(
      `${path} is not a Selgeo support bundle (its "format" is "selgeo-doctor-report", not "selgeo-support-bundle")`,
    );
  });

  it("a bundle of a future version", async () => {
    const path = write(
      "future.json",
      JSON.stringify({ format: "selgeo-support-bundle", version: 9 }),
    );
    const res = await selgeo(["bundle", path]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/is a version 9 support bundle; this selgeo reads version 1/);
  });

  it("a damaged bundle: each bad field is named", async () => {
    const path = write(
      "damaged.json",
      JSON.stringify({
        format: "selgeo-support-bundle",
        version: 1,
        exportedAt: "yesterday",
        findings: [{ id: "x", severity: "fatal" }],
      }),
    );
    const res = await selgeo(["bundle", path]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${path} is not a valid Selgeo support bundle:`);
    expect(res.stderr).toMatch(/exportedAt: /);
    expect(res.stderr).toMatch(/findings\.0\.severity: /);
    expect(res.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
