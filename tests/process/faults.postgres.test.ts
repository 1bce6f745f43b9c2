// `selgeo serve` on PostgreSQL with a fault proxy in between (tests/support/fault-proxy.ts), under
// steady traffic (tests/support/fault-run.ts): whatever the network does, the same process stays
// up, every request is answered within 10 s (a success, or 503 UNAVAILABLE in the envelope, never
// a 500), every 201 is in the database afterwards, and once the network heals requests succeed
// again, without a restart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy";
import { type FaultRun, throughFault } from "../support/fault-run";
import { POSTGRES_URL } from "../support/harness";
import { type SeededStore, seededStore } from "../support/seeded-store";
import { type ServerProcess, startServerProcess } from "../support/server-process";
import { postgresAvailable } from "../support/services-available";

const available = await postgresAvailable();

describe.skipIf(!available)("selgeo serve on PostgreSQL through a faulty network", () => {
  let seeded: SeededStore;
  let proxy: FaultProxy;
  let server: ServerProcess;
  let run: FaultRun;

  beforeAll(async () => {
    seeded = await seededStore("postgres");
    const target = new URL(POSTGRES_URL);
    proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 5432) });
    target.host = proxy.address;
    server = await startServerProcess({
      demo: false,
      env: { ...seeded.env, DATABASE_URL: target.href, LOG_LEVEL: "fatal" },
    });
    const keys = { pk: seeded.merchant.keys.pk_test, sk: seeded.merchant.keys.sk_test };
    run = { server, proxy, store: seeded.store, keys };
  });

  afterAll(async () => {
    await server?.stop("SIGKILL");
    await proxy?.close();
    await seeded?.store.close();
  });

  it("survives every connection reset with requests in flight", { timeout: 60_000 }, async () => {
    const answers = await throughFault(run, () => proxy.reset(), 1000);
    // The reset met requests in flight: some failed, with 503.
    expect(answers.some((a) => a.status === 503)).toBe(true);
  });

  it("survives every connection closed cleanly (FIN)", { timeout: 60_000 }, async () => {
    await throughFault(run, () => proxy.finish(), 1000);
  });

  it("survives PostgreSQL going away (reset, then refused) and coming back", {
    timeout: 60_000,
  }, async () => {
    const answers = await throughFault(
      run,
      async () => {
        await proxy.refuse();
        proxy.reset();
      },
      3000,
    );
    expect(answers.some((a) => a.status === 503)).toBe(true);
  });

  it("answers 503 within seconds during a partition, and recovers when it heals", {
    timeout: 90_000,
  }, async () => {
    // Longer than the 10 s a request may take: only a timeout of our own answers in time.
    const answers = await throughFault(run, () => proxy.drop(), 12_000);
    expect(answers.some((a) => a.status === 503)).toBe(true);
  });
});
