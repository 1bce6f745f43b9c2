// `selgeo doctor --merchant ID` as support runs it: the merchant's integration health from the
// service's database (or over the API with a secret key), the counts as tables and a finding per
// problem, exit code 1 when a finding is an error, 0 when nothing is wrong, 2 when it cannot run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selgeo } from "../fixtures/doctor/cli";
import { convert } from "../support/conversions";
import { createHarness, type Harness } from "../support/harness";
import { type Listening, listen } from "../support/http-server";

let h: Harness;
let api: Listening;
let env: Record<string, string>;
let quietMerchant: string;
// The harness's clock is early in 2026; the command's is the machine's.
const SINCE = "2026-01-14";

beforeAll(async () => {
  h = await createHarness();
  api = await listen(h.app, { services: h.services });
  env = { DATABASE_URL: h.databaseUrl };
  await h.click("demo", { headers: { Origin: "https://shop.example" } });
  const missing = await convert(h, { external_transaction_id: "txn_doctor_noclick" });
  expect(missing.body.reason).toBe("CLICK_ID_MISSING");
  // Click-path counts are written every few seconds; write them now.
  await h.services.healthCounter.flush();
  quietMerchant = (await h.otherMerchant("Quiet Shop")).merchant_id;
}, 60_000);

afterAll(async () => {
  await api?.close();
  await h?.close();
});

describe("selgeo doctor --merchant", { timeout: 60_000 }, () => {
  it("prints the findings and the counts, and exits 1 on an error", async () => {
    const run = await selgeo(
      ["doctor", "--merchant", h.merchant.merchant_id, "--since", SINCE],
      env,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `Integration health of merchant ${h.merchant.merchant_id}, test mode`,
    );
    expect(run.stdout).toMatch(/ERROR server-click-id-missing-api — click_id missing/);
    expect(run.stdout).toContain("txn_doctor_noclick");
    expect(run.stdout).toMatch(
      /Clicks by page origin\n\s+origin\s+clicks\n\s+https:\/\/shop\.example\s+1/,
    );
    expect(run.stdout).toMatch(/CLICK_ID_MISSING by source\n.*\n\s+api\s+1/);
  });

  it("--json prints the API's report", async () => {
    const run = await selgeo(
      ["doctor", "--merchant", h.merchant.merchant_id, "--since", SINCE, "--json"],
      env,
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.object).toBe("integration_health");
    expect(report.findings.map((f: any) => f.id)).toContain("server-click-id-missing-api");
  });

  it("exits 0 when nothing is wrong, in either mode", async () => {
    for (const mode of ["test", "live"]) {
      const run = await selgeo(["doctor", "--merchant", quietMerchant, "--mode", mode], env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain("Findings: none");
    }
  });

  it("reads the same over the API with a secret key", async () => {
    const run = await selgeo(["doctor", "--api", api.url, "--since", SINCE], {
      ...env,
      SELGEO_API_KEY: h.merchant.keys.sk_test,
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/ERROR server-click-id-missing-api/);
  });

  it("exits 2 with a sentence when it cannot run", async () => {
    const unknown = await selgeo(["doctor", "--merchant", "mer_doesNotExist"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No merchant mer_doesNotExist/);
    const badSince = await selgeo(
      ["doctor", "--merchant", h.merchant.merchant_id, "--since", "last week"],
      env,
    );
    expect(badSince.code).toBe(2);
    expect(badSince.stderr).toMatch(/--since must be/);
    const badMode = await selgeo(
      ["doctor", "--merchant", h.merchant.merchant_id, "--mode", "prod"],
      env,
    );
    expect(badMode.code).toBe(2);
    const both = await selgeo(
      ["doctor", "https://shop.example/", "--merchant", h.merchant.merchant_id],
      env,
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/not both/);
    const pkOverApi = await selgeo(["doctor", "--api", api.url, "--key", h.merchant.keys.pk_test]);
    expect(pkOverApi.code).toBe(2);
  });

  it("--help describes integration health", async () => {
    const run = await selgeo(["doctor", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--merchant <id>/);
    expect(run.stdout).toMatch(/--mode <mode>/);
    expect(run.stdout).toMatch(/--since <when>/);
    expect(run.stdout).toMatch(/Integration health/);
  });
});
