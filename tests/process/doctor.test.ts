// `selgeo doctor` as support runs it: the binary, its exit codes (0 nothing wrong, 1 an
// error-level finding, 2 the check could not run), a clean stdout (--json pipes) with progress
// on stderr, and the support bundle it can save, read back by `selgeo bundle`.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doctorReportSchema } from "../../server/support/doctor/report";
import { selgeo } from "../fixtures/doctor/cli";
import {
  copyExtensionBuild,
  type DoctorShop,
  HOST_RULES_ARG,
  LAZY_REF,
  startDoctorShop,
} from "../fixtures/doctor/shop";
import { chromiumOrSkip } from "../support/browser";

const dir = mkdtempSync(join(tmpdir(), "selgeo-doctor-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("selgeo doctor: when the check cannot run", () => {
  it("says Chromium is missing, and where it looked (exit 2, nothing on stdout)", async () => {
    const res = await selgeo([
      "doctor",
      "https://shop.example/",
      "--chromium",
      "/nowhere/chromium",
    ]);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe("");
    expect(res.stderr).toMatch(/Chromium was not found at \/nowhere\/chromium/);
  });

  it("says the extension is not built, and which command builds it", async () => {
    const res = await selgeo(["doctor", "https://shop.example/", "--extension", dir]);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe("");
    expect(res.stderr).toContain("The built Selgeo extension was not found");
    expect(res.stderr).toContain("npm run build:extension");
  });

  it("refuses what is not a web page, and a nonsense timeout", async () => {
    const [notUrl, ftp, timeout] = await Promise.all([
      selgeo(["doctor", "shop.example"]),
      selgeo(["doctor", "ftp://shop.example/"]),
      selgeo(["doctor", "https://shop.example/", "--timeout", "soon"]),
    ]);
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toMatch(/"shop.example" is not a URL/);
    expect(ftp.code).toBe(2);
    expect(ftp.stderr).toMatch(/Only http and https/);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toMatch(/--timeout must be a number of seconds/);
  });
});

const canRun = chromiumOrSkip("the doctor's browser runs");

describe.skipIf(!canRun)("selgeo doctor in Chromium", () => {
  let shop: DoctorShop;
  let extension: { dir: string; remove(): void };
  const browserArgs = () => ["--extension", extension.dir, `--chromium-arg=${HOST_RULES_ARG}`];

  beforeAll(async () => {
    [shop, extension] = await Promise.all([startDoctorShop(), copyExtensionBuild()]);
  });
  afterAll(async () => {
    await shop?.close();
    extension?.remove();
  });

  it("healthy page: exit 0, JSON alone on stdout and valid, and a bundle `selgeo bundle` reads", {
    timeout: 120_000,
  }, async () => {
    const bundleFile = join(dir, "healthy-bundle.json");
    const url = shop.url("healthy");
    const res = await selgeo([
      "doctor",
      url,
      "--ref",
      "demo",
      "--json",
      "--bundle",
      bundleFile,
      ...browserArgs(),
    ]);
    expect(res.code, res.stderr).toBe(0);
    const report = doctorReportSchema.parse(JSON.parse(res.stdout));
    expect(report.url).toBe(`${url}?ref=demo`);
    expect(report.findings).toEqual([]);
    expect(report.status.clickId).toMatch(/^clk_/);
    expect(res.stderr).toMatch(/selgeo doctor: Opening .*\?ref=demo/);
    expect(res.stderr).toContain(`Saved the support bundle to ${bundleFile}`);
    expect(existsSync(bundleFile)).toBe(true);

    // The same page through the bundle door, with the audit log of the shop's database.
    const read = await selgeo(["bundle", bundleFile, "--merchant", shop.api.merchant.merchant_id], {
      DATABASE_URL: shop.api.databaseUrl,
    });
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout).toContain(`Page: ${url}?ref=demo`);
    expect(read.stdout).toContain(`Click ${report.status.clickId}: live mode, ref demo`);
    for (const id of report.requestIds) expect(read.stdout).toContain(id);
  });

  it("page with a CSP block: exit 1 and the readable report names the cause and the fix", {
    timeout: 120_000,
  }, async () => {
    const res = await selgeo(["doctor", shop.url("cspscript"), "--ref", "demo", ...browserArgs()]);
    expect(res.code, res.stderr).toBe(1);
    expect(res.stdout).toContain(`Selgeo doctor — ${shop.url("cspscript")}?ref=demo`);
    expect(res.stdout).toContain("ERROR csp-script-src — Snippet not loading");
    expect(res.stdout).toContain(`script-src 'self' ${shop.snippetOrigin}`);
    expect(res.stdout).toMatch(/Result: 1 error to fix \(exit code 1\)/);
    expect(res.stdout).not.toContain("selgeo doctor:");
  });

  it("page whose CSP admits selgeo.js but not selgeo-lazy.js: exit 1, the lazy file named with its fix", {
    timeout: 120_000,
  }, async () => {
    const res = await selgeo(["doctor", shop.url("lazycsp"), "--ref", LAZY_REF, ...browserArgs()]);
    expect(res.code, res.stderr).toBe(1);
    expect(res.stdout).toContain("ERROR lazy-csp-script-src — click_id missing");
    expect(res.stdout).toContain(`Add ${shop.snippetOrigin}/v1/selgeo-lazy.js beside selgeo.js`);
    // selgeo.js itself ran: only its other half is refused.
    expect(res.stdout).toContain("  Snippet   loaded");
    expect(res.stdout).not.toContain(" csp-script-src —");
  });
});

describe("every support command has --help", () => {
  it.each([["doctor"], ["bundle"], ["audit"]])("selgeo %s --help", async (command) => {
    const res = await selgeo([command, "--help"]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`Usage: selgeo ${command}`));
  });
});
