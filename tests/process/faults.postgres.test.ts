// `selgeo serve` on PostgreSQL with a fault proxy in between (tests/support/fault-proxy.ts), under
// steady traffic: whatever the network does, the same process stays up, every request is
// answered within 10 s (a success, or 503 UNAVAILABLE in the envelope, never a 500), every 201
// is in the database afterwards, and once the network heals requests succeed again, without a
// restart.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy";
import { POSTGRES_URL } from "../support/harness";
import {
  type Answer,
  type Keys,
  send,
  startLoad,
  unexpectedAnswers,
} from "../support/request-load";
import { type SeededStore, seededStore } from "../support/seeded-store";
import { type ServerProcess, startServerProcess } from "../support/server-process";
import { postgresAvailable } from "../support/services-available";

const available = await postgresAvailable();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!available)("selgeo serve on PostgreSQL through a faulty network", () => {
  let seeded: SeededStore;
  let proxy: FaultProxy;
  let server: ServerProcess;
  let keys: Keys;

  beforeAll(async () => {
    seeded = await seededStore("postgres");
    keys = { pk: seeded.merchant.keys.pk_test, sk: seeded.merchant.keys.sk_test };
    const target = new URL(POSTGRES_URL);
    proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 5432) });
    target.host = proxy.address;
    server = await startServerProcess({
      demo: false,
      env: { ...seeded.env, DATABASE_URL: target.href, LOG_LEVEL: "fatal" },
    });
  });

  afterAll(async () => {
    await server?.stop("SIGKILL");
    await proxy?.close();
    await seeded?.store.close();
  });

  /** Every 201 the load got is in the database. */
  async function expectNothingLost(answers: Answer[]) {
    const created = (kind: Answer["kind"]) =>
      answers
        .filter((a) => a.kind === kind && a.status === 201)
        .map((a) => (kind === "click" ? a.body.click_id : a.body.id) as string);
    const clicks = created("click");
    const conversions = created("conversion");
    const { db } = seeded.store;
    const storedClicks =
      clicks.length === 0
        ? []
        : await db.selectFrom("clicks").select("id").where("id", "in", clicks).execute();
    const storedConversions =
      conversions.length === 0
        ? []
        : await db.selectFrom("conversions").select("id").where("id", "in", conversions).execute();
    expect(storedClicks.length).toBe(clicks.length);
    expect(storedConversions.length).toBe(conversions.length);
  }

  /** Traffic, the fault, traffic during it, healing, traffic after: then the verdict. */
  async function underFault(fault: () => void | Promise<void>, lastsMs: number) {
    const load = startLoad(server.url, keys);
    await vi.waitFor(() => expect(load.answers.length).toBeGreaterThan(20), { timeout: 10_000 });
    await fault();
    await sleep(lastsMs);
    await proxy.heal();
    const answers = await load.stop();

    expect(server.child.exitCode, server.output()).toBeNull();
    expect(server.child.signalCode).toBeNull();
    expect(unexpectedAnswers(answers)).toEqual([]);
    // Healed: every kind of request succeeds again, on the same process.
    await vi.waitFor(
      async () => {
        for (const kind of ["click", "conversion", "list"] as const) {
          const answer = await send(server.url, keys, kind);
          expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
        }
      },
      { timeout: 15_000, interval: 250 },
    );
    await expectNothingLost(answers);
    return answers;
  }

  it("survives every connection reset with requests in flight", { timeout: 60_000 }, async () => {
    const answers = await underFault(() => proxy.reset(), 1000);
    // The reset met requests in flight: some failed, with 503.
    expect(answers.some((a) => a.status === 503)).toBe(true);
  });

  it("survives every connection closed cleanly (FIN)", { timeout: 60_000 }, async () => {
    await underFault(() => proxy.finish(), 1000);
  });

  it("survives PostgreSQL going away (reset, then refused) and coming back", {
    timeout: 60_000,
  }, async () => {
    const answers = await underFault(async () => {
      await proxy.refuse();
      proxy.reset();
    }, 3000);
    expect(answers.some((a) => a.status === 503)).toBe(true);
  });

  it("answers 503 within seconds during a partition, and recovers when it heals", {
    timeout: 90_000,
  }, async () => {
    const answers = await underFault(() => proxy.drop(), 12_000);
    const during = answers.filter((a) => a.status === 503);
    expect(during.length).toBeGreaterThan(0);
  });
});
