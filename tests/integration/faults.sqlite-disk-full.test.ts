// Embedded SQLite on a small file system filled to the brim while traffic keeps coming: every
// write path answers 503 UNAVAILABLE (never a 500), nothing acknowledged is lost, /readyz says
// the storage is degraded and why, and once space is freed the server recovers by itself,
// without a restart, while the traffic goes on.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { randomBase62 } from "../../server/lib/ids";
import { convert, txn } from "../support/conversions";
import { expectNothingLost } from "../support/fault-run";
import { type CallResult, createHarness, type Harness } from "../support/harness";
import { type Keys, SHOP_ORIGIN, startLoad, unexpectedAnswers } from "../support/request-load";
import { checkoutSession, connectStripe, deliver, stripeEvent } from "../support/stripe-events";
import { mountTmpfs, type Tmpfs } from "../support/tmpfs";

const tmpfs = mountTmpfs(24);
const RESERVE_BYTES = 4 * 1024 * 1024;

describe.skipIf(!tmpfs)("SQLite on a full disk", () => {
  let h: Harness;
  let keys: Keys;
  let conversionId: string;
  let sequence = 0;

  beforeAll(async () => {
    const fs = tmpfs as Tmpfs;
    h = await createHarness({
      databaseUrl: `file:${join(fs.dir, "selgeo.db")}`,
      transport: "socket",
      rateLimitPerMinute: 1_000_000,
    });
    keys = { pk: h.merchant.keys.pk_test, sk: h.merchant.keys.sk_test };
    await connectStripe(h);
    await sql`create table test_wal_room (bytes blob)`.execute(h.services.store.db);
    const conversion = await convert(h, {});
    expect(conversion.status).toBe(201);
    conversionId = conversion.body.id;
  });

  afterAll(async () => {
    await h?.close();
    tmpfs?.unmount();
  });

  /** Commits small rows until the WAL has no room left for one more. */
  function exhaustWalRoom(path: string) {
    const writer = new SQLite(path);
    try {
      writer.pragma("busy_timeout = 5000");
      const insert = writer.prepare("insert into test_wal_room (bytes) values (randomblob(64))");
      for (let i = 0; i < 100_000; i++) {
        try {
          insert.run();
        } catch (error) {
          if ((error as { code?: string }).code === "SQLITE_FULL") return;
          throw error;
        }
      }
      throw new Error("the disk never filled up");
    } finally {
      writer.close();
    }
  }

  /** One request on every path that writes. */
  const writes: Record<string, () => Promise<CallResult>> = {
    click: () =>
      h.click("demo", {
        ip: `10.200.${(sequence >> 8) & 255}.${sequence++ & 255}`,
        headers: { Origin: SHOP_ORIGIN },
      }),
    conversion: () => convert(h, { external_transaction_id: txn("full") }),
    refund: () =>
      h.post(`/api/v1/conversions/${conversionId}/refunds`, {
        key: keys.sk,
        body: { amount_cents: 1 },
      }),
    "partner create": () =>
      h.post("/api/v1/partners", {
        key: keys.sk,
        body: { name: `Partner ${sequence++}`, program_id: h.program.id },
      }),
    "partner update": () =>
      h.patch(`/api/v1/partners/${h.partner.id}`, {
        key: keys.sk,
        body: { name: `Partner ${sequence++}` },
      }),
    "program create": () =>
      h.post("/api/v1/programs", {
        key: keys.sk,
        body: { name: `Program ${sequence++}`, commission: { type: "percent", percent: 10 } },
      }),
    "program update": () =>
      h.patch(`/api/v1/programs/${h.program.id}`, {
        key: keys.sk,
        body: { name: `Program ${sequence++}` },
      }),
    settings: () =>
      h.patch("/api/v1/settings", {
        key: keys.sk,
        // A change each time: SQLite writes nothing for an update that changes nothing.
        body: { allowed_origins: [SHOP_ORIGIN, `https://partner${sequence++}.example`] },
      }),
    "stripe secret": () =>
      // Live mode's secret, so test mode's, which signs the deliveries below, stays as it is.
      h.put("/api/v1/integrations/stripe", {
        key: h.merchant.keys.sk_live,
        body: { webhook_secret: `whsec_live${randomBase62(24)}` },
      }),
    "stripe webhook": () =>
      deliver(h, stripeEvent(h, "checkout.session.completed", checkoutSession(h))),
  };

  async function everyWrite(): Promise<Record<string, string>> {
    const outcomes: Record<string, string> = {};
    for (const [name, write] of Object.entries(writes)) {
      const res = await write();
      outcomes[name] = res.status < 300 ? "ok" : `${res.status} ${res.body?.error?.code}`;
    }
    return outcomes;
  }
  const all = (outcome: string) => Object.fromEntries(Object.keys(writes).map((n) => [n, outcome]));

  it("answers 503 on every write path, loses nothing, and recovers once space is freed", {
    timeout: 120_000,
  }, async () => {
    const fs = tmpfs as Tmpfs;
    expect(await everyWrite()).toEqual(all("ok"));
    const load = startLoad((path, init) => h.fetch(path, init), keys, {
      workers: 12,
      kinds: ["click", "click", "conversion", "list"],
    });
    await vi.waitFor(() => expect(load.answers.length).toBeGreaterThan(20), { timeout: 10_000 });

    // What will be freed: room for the checkpoint the WAL needs, not for much more, so commits
    // that took it first would leave the server as full as before.
    const reserve = join(fs.dir, "reserve");
    writeFileSync(reserve, Buffer.alloc(RESERVE_BYTES, 1));
    fs.fill();
    // The WAL fills what room it still had, checkpoints cannot grow the database: writes fail.
    await vi.waitFor(
      () => expect(load.answers.some((a) => a.kind === "click" && a.status === 503)).toBe(true),
      { timeout: 20_000, interval: 100 },
    );
    // A small write may still fit where the disk has no room left: in the WAL once a checkpoint
    // let it start over, or in what a failed batch had allocated. A reader's snapshot keeps the
    // WAL from starting over, and small commits of the test's own use up the rest; from here
    // every write needs room the disk does not have.
    const path = h.services.store.path as string;
    const reader = new SQLite(path, { readonly: true });
    reader.exec("begin");
    reader.prepare("select count(*) from clicks").get();
    try {
      exhaustWalRoom(path);
      expect(await everyWrite()).toEqual(all("503 UNAVAILABLE"));
    } finally {
      reader.exec("rollback");
      reader.close();
    }
    const degraded = await h.get("/readyz");
    expect(degraded.status).toBe(200);
    expect(degraded.body).toMatchObject({ status: "degraded", storage: "sqlite" });
    expect(degraded.body.reason).toMatch(/SQLITE_FULL|disk/i);
    const metrics = (await h.get("/metrics")).text;
    expect(metrics).toMatch(/^selgeo_storage_degraded 1$/m);
    expect(metrics).toMatch(/^selgeo_storage_failures_total\{code="SQLITE_FULL"\} [1-9]/m);

    rmSync(reserve);
    // Traffic goes on; the server finds its feet by itself.
    await vi.waitFor(async () => expect(await everyWrite()).toEqual(all("ok")), {
      timeout: 30_000,
      interval: 500,
    });
    const answers = await load.stop();
    expect(unexpectedAnswers(answers)).toEqual([]);
    await expectNothingLost(h.services.store, answers);
    await vi.waitFor(
      async () =>
        expect((await h.get("/readyz")).body).toEqual({ status: "ready", storage: "sqlite" }),
      { timeout: 30_000, interval: 500 },
    );
  });
});

const quietTmpfs = mountTmpfs(64);
const QUIET_RESERVE_BYTES = 24 * 1024 * 1024;

describe.skipIf(!quietTmpfs)("SQLite on a full disk, written by conversions alone", () => {
  let h: Harness;
  beforeAll(async () => {
    const fs = quietTmpfs as Tmpfs;
    h = await createHarness({
      databaseUrl: `file:${join(fs.dir, "selgeo.db")}`,
      transport: "socket",
    });
  });
  afterAll(async () => {
    await h?.close();
    quietTmpfs?.unmount();
  });

  it("recovers once room is freed, though no click comes to checkpoint the WAL", {
    timeout: 60_000,
  }, async () => {
    const fs = quietTmpfs as Tmpfs;
    const reserve = join(fs.dir, "reserve");
    writeFileSync(reserve, Buffer.alloc(QUIET_RESERVE_BYTES, 1));
    fs.fill();
    let status = 201;
    for (let i = 0; i < 10_000 && status !== 503; i++) status = (await convert(h, {})).status;
    expect(status).toBe(503);

    rmSync(reserve);
    // Each conversion adds about 50 KB to the WAL, twenty times what it adds to the database:
    // without checkpoints, these would fill the freed room again within five hundred. With a
    // checkpoint every second the WAL starts over and only the database grows.
    const statuses: number[] = [];
    for (let i = 0; i < 1500; i++) statuses.push((await convert(h, {})).status);
    expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);
    expect(statuses.slice(-100).filter((s) => s !== 201)).toEqual([]);
  });
});
