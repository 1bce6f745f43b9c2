// On embedded SQLite, lists are read on reader connections on threads of their own
// (store/sqlite-readers.ts): a click asked while a long read runs is answered in its usual time
// (a baseline measured in the same run), where the same read on the server's own connection
// holds the click up until it ends. Lists read there see every answered write.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../support/harness";

/** A read that only costs time: counting to `n` in a recursive query. */
const slowRead = (n: number) =>
  sql<{
    n: number;
  }>`with recursive c(x) as (select 1 union all select x + 1 from c where x < ${n}) select count(*) as n from c`;

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ transport: "socket" });
});
afterAll(async () => h?.close());

async function timedClick(ip: string): Promise<number> {
  const started = performance.now();
  const res = await h.click("demo", { ip });
  expect([200, 201]).toContain(res.status);
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

describe("reads on SQLite's reader threads", () => {
  it("leave clicks answered in their usual time while a long read runs", async () => {
    // Warm up the reader thread and calibrate a read of about a second on this machine.
    await slowRead(1000).execute(h.services.store.reader);
    let n = 200_000;
    let readMs = 0;
    while (readMs < 800 && n < 100_000_000) {
      n *= 2;
      const started = performance.now();
      await slowRead(n).execute(h.services.store.reader);
      readMs = performance.now() - started;
    }
    const baseline = median(
      await Array.from({ length: 7 }).reduce<Promise<number[]>>(
        async (all, _, i) => [...(await all), await timedClick(`198.51.100.${i}`)],
        Promise.resolve([]),
      ),
    );

    let readDone = 0;
    const reading = slowRead(n)
      .execute(h.services.store.reader)
      .then(() => {
        readDone = performance.now();
      });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const during: number[] = [];
    for (let i = 0; i < 5; i++) during.push(await timedClick(`203.0.113.${i}`));
    const clicksDone = performance.now();
    await reading;

    expect(clicksDone).toBeLessThan(readDone);
    // Loaded-machine margins: several times the baseline, and far below the read's length.
    expect(median(during)).toBeLessThan(baseline * 5 + 50);
    expect(Math.max(...during)).toBeLessThan(readMs / 2);

    // The control: the same read on the server's own connection holds the click up.
    const blocking = slowRead(n).execute(h.services.store.db);
    const heldUp = timedClick("192.0.2.1");
    await blocking;
    expect(await heldUp).toBeGreaterThan(readMs / 2);
  }, 120_000);

  it("see a conversion as soon as it is answered", async () => {
    for (let i = 0; i < 5; i++) {
      const click = await h.click("demo", { ip: `192.0.2.${100 + i}` });
      const created = await h.post("/api/v1/conversions", {
        key: h.merchant.keys.sk_test,
        body: {
          event_type: "purchase",
          click_id: click.body.click_id,
          external_transaction_id: `txn_reader_${i}`,
          amount_cents: 1000,
          currency: "EUR",
        },
      });
      expect(created.status).toBe(201);
      const listed = await h.get(`/api/v1/conversions?external_transaction_id=txn_reader_${i}`, {
        key: h.merchant.keys.sk_test,
      });
      expect(listed.body.data.map((row: { id: string }) => row.id)).toEqual([created.body.id]);
    }
  });

  it("refuse to write", async () => {
    await expect(sql`delete from conversions`.execute(h.services.store.reader)).rejects.toThrow(
      /only runs queries that return rows|readonly/,
    );
  });
});
