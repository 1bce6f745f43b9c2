// `selgeo bundle` reads ids a merchant's bundle supplies, and the database holds every
// merchant's data: from the database it requires --merchant and finds only that merchant's
// audit entries and click, whatever ids the bundle carries.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUPPORT_BUNDLE_FORMAT, SUPPORT_BUNDLE_VERSION } from "../../extension/bundle/schema";
import type { CreatedMerchant } from "../../server/merchants/create";
import { selgeo } from "../fixtures/doctor/cli";
import { createHarness, type Harness } from "../support/harness";
import { clickRow, insertAuditEntry } from "../support/rows";

function bundleFile(dir: string, requestIds: string[], clickId: string): string {
  const path = join(dir, "bundle.json");
  writeFileSync(
    path,
    JSON.stringify({
      format: SUPPORT_BUNDLE_FORMAT,
      version: SUPPORT_BUNDLE_VERSION,
      exportedAt: new Date().toISOString(),
      extension: { name: "Selgeo", version: "1.0.0", userAgent: "Mozilla/5.0" },
      page: null,
      status: {
        snippet: "loaded",
        key: "test",
        merchant: null,
        ref: "ref=demo",
        clickId,
        health: "ok",
        settled: true,
      },
      findings: [],
      requestIds,
      pages: [],
      timeline: [],
    }),
  );
  return path;
}

describe("selgeo bundle reads one merchant's data", () => {
  let h: Harness;
  let other: CreatedMerchant;
  let file: string;
  const env = () => ({ DATABASE_URL: h.databaseUrl });

  beforeAll(async () => {
    h = await createHarness();
    other = await h.otherMerchant();
    await insertAuditEntry(h, { mode: "test", request_id: "req_mine" });
    await insertAuditEntry(h, {
      mode: "test",
      request_id: "req_theirs",
      merchant_id: other.merchant_id,
    });
    const theirClick = clickRow({
      id: "clk_theirs0000000000000001",
      merchant_id: other.merchant_id,
      partner_id: h.partner.id,
      program_id: h.program.id,
    });
    await h.services.store.db.insertInto("clicks").values(theirClick).execute();
    file = bundleFile(
      join(h.databaseUrl.slice("file:".length), ".."),
      ["req_mine", "req_theirs"],
      theirClick.id,
    );
  });
  afterAll(async () => {
    rmSync(file, { force: true });
    await h?.close();
  });

  it("refuses to read the database without --merchant", async () => {
    const res = await selgeo(["bundle", file], env());
    expect(res.code).toBe(2);
    expect(res.stdout).toBe("");
    expect(res.stderr).toMatch(/--merchant mer_… is required/);
  });

  it("finds the sender's entries, and nothing of another merchant's the bundle names", async () => {
    const res = await selgeo(
      ["bundle", file, "--json", "--merchant", h.merchant.merchant_id],
      env(),
    );
    expect(res.code, res.stderr).toBe(0);
    const { audit } = JSON.parse(res.stdout);
    const byRequest = Object.fromEntries(
      audit.requests.map((r: { request_id: string; entries: unknown[] }) => [
        r.request_id,
        r.entries.length,
      ]),
    );
    expect(byRequest).toEqual({ req_mine: 1, req_theirs: 0 });
    expect(audit.click.click).toBeNull();
    expect(audit.click.entries).toEqual([]);
    expect(res.stdout).not.toContain(other.merchant_id);
  });

  it("refuses a merchant the database does not have", async () => {
    const res = await selgeo(["bundle", file, "--merchant", "mer_nobody"], env());
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/No merchant mer_nobody/);
  });
});
