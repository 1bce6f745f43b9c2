// `selgeo doctor`'s engine in real Chromium with the built extension: one merchant page per
// cause plus a healthy one, in each deployment layout (one origin, CDN + API host, first-party
// proxy under /_selgeo/), one browser per layout (the CLI opens one browser per page; the binary
// itself is exercised in tests/process/doctor.test.ts). Each report must validate against the
// exported schema, name the cause, and carry the exit code the CLI will use.
import { createServer } from "node:http";
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
  HTTPS_CASES,
  LAYOUTS,
  startDoctorShop,
  startHttpsDoctorShop,
} from "../fixtures/doctor/shop";
import { chromiumOrSkip } from "../support/browser";
import { selfSignedCertificate } from "../support/self-signed";

const canRun = chromiumOrSkip("doctor e2e");

describe.skipIf(!canRun).each(LAYOUTS)(
  "selgeo doctor in Chromium, layout %s: one page per cause",
  (layout) => {
    let shop: DoctorShop;
    let extension: { dir: string; remove(): void };
    let browser: DoctorBrowser;
    const reports = new Map<string, DoctorReport>();

    beforeAll(async () => {
      [shop, extension] = await Promise.all([startDoctorShop(layout), copyExtensionBuild()]);
      browser = await DoctorBrowser.open({
        extensionDir: extension.dir,
        chromiumArgs: [HOST_RULES_ARG],
      });
      // In parallel: each page waits ~2 s to settle after load.
      await Promise.all(
        DOCTOR_CASES.map(async (c) => {
          const report = await browser.check(shop.url(c.name), {
            timeoutMs: 45_000,
            ...(c.ref ? { ref: c.ref } : {}),
          });
          reports.set(c.name, report);
        }),
      );
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await shop?.close();
      extension?.remove();
    });

    it.each(DOCTOR_CASES.map((c) => [c.name, c] as const))(
      "%s: the report names the cause, its severity and evidence, and sets the exit code",
      (name, c) => {
        const report = reports.get(name)!;
        // What --json prints must be exactly what the schema accepts.
        expect(doctorReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
        expect(report.complete, JSON.stringify(report.status)).toBe(true);
        const ids = report.findings.map((f) => f.id);
        const context = JSON.stringify(report.findings.map((f) => [f.id, f.evidence]));
        if (c.expected.length === 0) expect(ids, context).toEqual([]);
        for (const id of c.expected) expect(ids, context).toContain(id);
        const first = report.findings.find((f) => f.id === c.expected[0]);
        if (c.severity) expect(first?.severity).toBe(c.severity);
        if (c.evidence) expect(first?.evidence.join("\n"), context).toMatch(c.evidence);
        expect(report.exitCode, context).toBe(c.exitCode);
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
      if (layout === "first-party") expect(click?.url).toContain("/_selgeo/api/v1/clicks");
      expect(click?.requestId).toMatch(/^req_/);
      expect(report.requestIds).toContain(click?.requestId);
      expect(report.timeline.map((t) => t.text).join("\n")).toMatch(/links_decorated count=1/);
      expect(formatDoctorReport(report)).toContain(`selgeo audit ${report.status.clickId}`);
    });

    it("names the causes in the guide's words, with the fix built from the page", () => {
      const csp = reports.get("cspscript")!.findings.find((f) => f.id === "csp-script-src")!;
      expect(csp.section).toBe("Snippet not loading");
      expect(csp.fix).toMatch(/^Content-Security-Policy: default-src 'self'.*; script-src /m);
      const connect = reports.get("cspconnect")!;
      const blocked = connect.findings.find((f) => f.id === "csp-connect-src")!;
      // The snippet loaded; its click could not be sent: Status agrees with the finding.
      expect(blocked.section).toBe("Clicks not appearing");
      expect(connect.status).toMatchObject({ snippet: "loaded", health: "error" });
      expect(blocked.fix).toMatch(
        /^Content-Security-Policy: default-src 'self'; script-src .*; connect-src https:\/\/analytics\.example http:\/\//m,
      );
      expect(blocked.consequences.map((f) => f.id)).toEqual(["click-not-recorded"]);
      const typo = reports.get("typo")!.findings.find((f) => f.id === "snippet-url-typo")!;
      expect(typo.cause).toMatch(/the server answered 404 \(request id req_/);
      expect(typo.cause).not.toMatch(/cannot be reached/);
      const limited = reports.get("ratelimited")!.findings.find((f) => f.id === "rate-limited")!;
      expect(limited.section).toBe("Clicks not appearing");
      expect(reports.get("ratelimited")!.requests.some((r) => r.status === 429)).toBe(true);
      const notSelgeo = reports.get("notselgeo")!;
      expect(notSelgeo.status.health).toBe("error");
      expect(reports.get("missing")!.status.snippet).toBe("missing");
      expect(reports.get("noref")!.status.ref).toBeNull();
    });

    it.runIf(layout === "one-origin")(
      "refuses redirects and sub-requests to private and loopback addresses unless allowPrivate",
      async () => {
        const api = new URL(shop.apiUrl);
        const key = shop.api.merchant.keys.pk_live;
        // The page's own host (127.0.0.1, named by the user) is allowed; `localhost` is another
        // name for loopback the page reaches out to — as a hostile page would reach 10.0.0.5.
        const server = createServer((req, res) => {
          if (req.url === "/redirect") {
            res.writeHead(302, { Location: `http://localhost:${api.port}/v1/selgeo.js` }).end();
            return;
          }
          res
            .writeHead(200, { "Content-Type": "text/html" })
            .end(
              `<!doctype html><title>Inward</title><script src="http://localhost:${api.port}/v1/selgeo.js" data-merchant="${key}" async></script>`,
            );
        });
        await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
        const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
        try {
          const refused = await browser.check(`${origin}/`, { timeoutMs: 30_000, ref: "demo" });
          // The extension's own keys/check, sent from its service worker to the address the
          // tag names, is refused like the page's requests.
          expect(refused.privateAddresses.allowed).toBe(false);
          expect([...refused.privateAddresses.refused].sort()).toEqual([
            `http://localhost:${api.port}/api/v1/keys/check?key=${key}`,
            `http://localhost:${api.port}/v1/selgeo.js`,
          ]);
          expect(refused.status.snippet).not.toBe("loaded");
          expect(formatDoctorReport(refused)).toContain(
            "Private and loopback addresses: refused 2 requests the page made there (run with --allow-private to follow them):",
          );
          await expect(browser.check(`${origin}/redirect`, { timeoutMs: 10_000 })).rejects.toThrow(
            /ERR_ADDRESS_UNREACHABLE/,
          );
          const allowed = await browser.check(`${origin}/`, {
            timeoutMs: 30_000,
            ref: "demo",
            allowPrivate: true,
          });
          expect(allowed.privateAddresses).toEqual({ allowed: true, refused: [] });
          expect(allowed.status.snippet).toBe("loaded");
          expect(formatDoctorReport(allowed)).toContain(
            "Private and loopback addresses: followed (--allow-private).",
          );
        } finally {
          server.closeAllConnections();
          await new Promise((done) => server.close(done));
        }
      },
      60_000,
    );

    it.runIf(layout === "one-origin")(
      "refuses pages that do not load, with the reason",
      async () => {
        const closed = new URL(shop.url("healthy"));
        closed.port = String(await closedPort());
        await expect(browser.check(closed.href, { timeoutMs: 10_000 })).rejects.toThrow(
          /did not load: net::ERR_CONNECTION_REFUSED/,
        );
        const notFound = shop.url("healthy").replace("healthy.", "nosuchpage.");
        await expect(browser.check(notFound, { timeoutMs: 10_000 })).rejects.toThrow(
          DoctorUnavailable,
        );
        await expect(browser.check(notFound, { timeoutMs: 10_000 })).rejects.toThrow(/HTTP 404/);
      },
    );
  },
);

describe.skipIf(!canRun)("selgeo doctor in Chromium, first-party layout over https", () => {
  let shop: DoctorShop;
  let extension: { dir: string; remove(): void };
  let browser: DoctorBrowser;
  const reports = new Map<string, DoctorReport>();

  beforeAll(async () => {
    [shop, extension] = await Promise.all([
      startHttpsDoctorShop(selfSignedCertificate("shop.selgeo.test")),
      copyExtensionBuild(),
    ]);
    browser = await DoctorBrowser.open({
      extensionDir: extension.dir,
      chromiumArgs: [HOST_RULES_ARG, "--ignore-certificate-errors"],
    });
    await Promise.all(
      HTTPS_CASES.map(async (c) => {
        reports.set(
          c.name,
          await browser.check(shop.url(c.name), { timeoutMs: 45_000, ref: "demo" }),
        );
      }),
    );
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    extension?.remove();
  });

  it.each(HTTPS_CASES.map((c) => [c.name, c] as const))(
    "%s: finding, severity, evidence and exit code",
    (name, c) => {
      const report = reports.get(name)!;
      const context = JSON.stringify(report.findings.map((f) => [f.id, f.evidence]));
      expect(report.url.startsWith("https://")).toBe(true);
      const ids = report.findings.map((f) => f.id);
      if (c.expected.length === 0) expect(ids, context).toEqual([]);
      for (const id of c.expected) expect(ids, context).toContain(id);
      const first = report.findings.find((f) => f.id === c.expected[0]);
      if (c.severity) expect(first?.severity).toBe(c.severity);
      if (c.evidence) expect(first?.evidence.join("\n"), context).toMatch(c.evidence);
      expect(report.exitCode, context).toBe(c.exitCode);
    },
  );

  it("healthy over https: the click is recorded and its id kept (Secure cookie, localStorage)", () => {
    const report = reports.get("healthy")!;
    expect(report.status).toMatchObject({ snippet: "loaded", health: "ok" });
    expect(report.status.clickId).toMatch(/^clk_/);
  });

  it("mixed content: the fix is the https address", () => {
    const finding = reports.get("mixed")!.findings.find((f) => f.id === "network-error")!;
    expect(finding.cause).toMatch(/mixed content/);
    expect(finding.fix).toMatch(/data-api="https:\/\/api\.selgeo\.test:\d+"/);
  });
});
