// `selgeo doctor`'s engine in real Chromium with the built extension: one merchant page per
// cause plus a healthy one, all in one browser (the CLI opens one browser per page; the binary
// itself is exercised in tests/process/doctor.test.ts). Each report must validate against the
// exported schema, name the cause, and carry the exit code the CLI will use.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatDoctorReport } from "../../server/support/doctor/format";
import { type DoctorReport, doctorReportSchema } from "../../server/support/doctor/report";
import { DoctorBrowser, DoctorUnavailable } from "../../server/support/doctor/run";
import {
  closedPort,
  copyExtensionBuild,
  DOCTOR_CASES,
  type DoctorShop,
  HOST_RULES_ARG,
  startDoctorShop,
} from "../fixtures/doctor/shop";
import { chromiumOrSkip } from "../support/browser";

const canRun = chromiumOrSkip("doctor e2e");

describe.skipIf(!canRun)("selgeo doctor in Chromium: one page per cause", () => {
  let shop: DoctorShop;
  let extension: { dir: string; remove(): void };
  let browser: DoctorBrowser;
  const reports = new Map<string, DoctorReport>();

  beforeAll(async () => {
    [shop, extension] = await Promise.all([startDoctorShop(), copyExtensionBuild()]);
    browser = await DoctorBrowser.open({
      extensionDir: extension.dir,
      chromiumArgs: [HOST_RULES_ARG],
    });
    // In parallel: each page waits ~2 s to settle after load.
    await Promise.all(
      DOCTOR_CASES.map(async (c) => {
        const report = await browser.check(shop.url(c.name), {
          timeoutMs: 30_000,
          ...(c.ref ? { ref: c.ref } : {}),
        });
        reports.set(c.name, report);
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    extension?.remove();
  });

  it.each(DOCTOR_CASES.map((c) => [c.name, c] as const))(
    "%s: the report names the cause and sets the exit code",
    (name, c) => {
      const report = reports.get(name)!;
      // What --json prints must be exactly what the schema accepts.
      expect(doctorReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
      expect(report.complete, JSON.stringify(report.status)).toBe(true);
      const ids = report.findings.map((f) => f.id);
      if (c.expected.length === 0) expect(ids).toEqual([]);
      for (const id of c.expected) expect(ids).toContain(id);
      expect(report.exitCode).toBe(c.exitCode);
      expect(report.result).toBe(c.exitCode === 0 ? "ok" : "problems");
      expect(report.url).toBe(c.ref ? `${shop.url(name)}?ref=${c.ref}` : shop.url(name));
      for (const finding of report.findings) {
        expect(formatDoctorReport(report)).toContain(finding.fix.split("\n")[0]);
      }
    },
  );

  it("healthy: the click was recorded, its id stored, and the Payment Link decorated", () => {
    const report = reports.get("healthy")!;
    expect(report.status).toMatchObject({ snippet: "loaded", key: "live", ref: "ref=demo" });
    expect(report.status.clickId).toMatch(/^clk_/);
    expect(report.status.health).toBe("ok");
    const click = report.requests.find((r) => r.url.endsWith("/api/v1/clicks"));
    expect(click).toMatchObject({ method: "POST", status: 201 });
    expect(click?.requestId).toMatch(/^req_/);
    expect(report.requestIds).toContain(click?.requestId);
    expect(report.timeline.map((t) => t.text).join("\n")).toMatch(/links_decorated count=1/);
    expect(formatDoctorReport(report)).toContain(`selgeo audit ${report.status.clickId}`);
  });

  it("names the causes in the guide's words, with the fix built from the page", () => {
    const csp = reports.get("cspscript")!.findings.find((f) => f.id === "csp-script-src")!;
    expect(csp.section).toBe("Snippet not loading");
    expect(csp.fix).toContain(`script-src 'self' ${shop.snippetOrigin}`);
    const limited = reports.get("ratelimited")!.findings.find((f) => f.id === "rate-limited")!;
    expect(limited.section).toBe("Clicks not appearing");
    expect(reports.get("ratelimited")!.requests.some((r) => r.status === 429)).toBe(true);
    const network = reports.get("network")!.requests.find((r) => r.url.includes("/api/v1/clicks"));
    expect(network?.error).toMatch(/ERR_CONNECTION_REFUSED/);
    expect(reports.get("missing")!.status.snippet).toBe("missing");
    expect(reports.get("noref")!.status.ref).toBeNull();
  });

  it("refuses pages that do not load, with the reason", async () => {
    const closed = new URL(shop.url("healthy"));
    closed.port = String(await closedPort());
    await expect(browser.check(closed.href, { timeoutMs: 10_000 })).rejects.toThrow(
      /did not load: net::ERR_CONNECTION_REFUSED/,
    );
    const notFound = shop.url("healthy").replace("healthy.", "nosuchpage.");
    await expect(browser.check(notFound, { timeoutMs: 10_000 })).rejects.toThrow(DoctorUnavailable);
    await expect(browser.check(notFound, { timeoutMs: 10_000 })).rejects.toThrow(/HTTP 404/);
  });
});
