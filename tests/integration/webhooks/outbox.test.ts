// The outbox as the change writes it and the worker empties it, on both engines: a change writes
// one outbox row however many events and endpoints it has (nothing else until a pass; /metrics
// counts it), a rolled
// back change writes none, a pass turns the row into events and deliveries and sends them, and
// two workers of two processes racing over the same outbox send each event once, and a running
// worker sends a trickle while requests queue, the rest once they no longer do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoped } from "../../../server/store/tenant";
import { deliverDueWebhooks, startWebhookWorker } from "../../../server/webhooks/worker";
import { convert } from "../../support/conversions";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";
import { startWebhookReceiver, type WebhookReceiver } from "../../support/webhook-receiver";

const dialects = await dialectsUnderTest();
const WORKER = { timeoutMs: 5_000, retryBaseMs: 60_000 };

describe.each(dialects)("the webhook outbox ($dialect)", ({ dialect, available }) => {
  let h: Harness;
  let other: Harness;
  let receiver: WebhookReceiver;
  let ip = 0;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    // A second process over the same database (PostgreSQL: the same schema).
    other = await createHarness({
      dialect,
      databaseUrl: h.databaseUrl,
      ...(h.pgSchema ? { pgSchema: h.pgSchema } : {}),
    });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await other?.close();
    await h?.close();
  });

  const tenant = () =>
    scoped(h.services.store.db, { merchantId: h.merchant.merchant_id, mode: "test" });
  const count = async (table: "webhook_outbox" | "webhook_events" | "webhook_deliveries") =>
    (
      await tenant()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n;
  async function sale(txn: string) {
    ip += 1;
    const click = await h.click("demo", { ip: `198.51.100.${ip}` });
    return convert(h, { click_id: click.body.click_id, external_transaction_id: txn });
  }
  async function endpoint(events = ["conversion.recorded"]): Promise<string> {
    const res = await h.post("/api/v1/webhook-endpoints", {
      key: h.merchant.keys.sk_test,
      body: { url: receiver.url, events },
    });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  }
  const disable = (id: string) =>
    h.patch(`/api/v1/webhook-endpoints/${id}`, {
      key: h.merchant.keys.sk_test,
      body: { disabled: true },
    });
  /** While busy, one pass of two per minute: a test sees more only when pacing lets them go. */
  const paced = (maxLagMs: number) => ({
    busyInFlight: 8,
    sampleMs: 50,
    busyIntervalMs: 60_000,
    busyBatch: 2,
    maxLagMs,
  });

  it.runIf(available)(
    "a sale writes one outbox row for its three events and two endpoints; a pass sends all six",
    async () => {
      const events = ["conversion.recorded", "conversion.attributed", "commission.created"];
      const endpoints = [await endpoint(events), await endpoint(events)];
      const before = receiver.received.length;
      const res = await sale(`txn_outbox_${dialect}_1`);
      expect(res.status, res.text).toBe(201);
      expect(Number(await count("webhook_outbox"))).toBe(1);
      // The backlog, as /metrics reports it.
      expect((await h.get("/metrics")).text).toMatch(/^selgeo_webhook_outbox_changes 1$/m);
      expect(Number(await count("webhook_events"))).toBe(0);
      expect(Number(await count("webhook_deliveries"))).toBe(0);

      expect(await deliverDueWebhooks(h.services, WORKER)).toBe(6);
      expect(Number(await count("webhook_outbox"))).toBe(0);
      expect(Number(await count("webhook_events"))).toBe(3);
      expect(Number(await count("webhook_deliveries"))).toBe(6);
      const metrics = (await h.get("/metrics")).text;
      expect(metrics).toMatch(/^selgeo_webhook_outbox_changes 0$/m);
      expect(metrics).toMatch(/^selgeo_webhook_pending_deliveries 0$/m);
      const got = receiver.received.slice(before);
      expect(got).toHaveLength(6);
      // Each event twice (once per endpoint), with the id it was written with.
      const ids = got.map((d) => d.event.id);
      expect(new Set(ids).size).toBe(3);
      expect(got.find((d) => d.event.type === "conversion.recorded")?.event.data.object.id).toBe(
        res.body.id,
      );
      const delivered = await h.get("/api/v1/webhook-deliveries?status=delivered", {
        key: h.merchant.keys.sk_test,
      });
      expect(delivered.body.data).toHaveLength(6);
      for (const id of endpoints) await disable(id);
    },
  );

  it.runIf(available)("a change that fails writes no outbox row", async () => {
    const ep = await endpoint();
    expect(await sale(`txn_outbox_${dialect}_dup`)).toMatchObject({ status: 201 });
    expect(Number(await count("webhook_outbox"))).toBe(1);
    // The same transaction id with another click: refused (409), and nothing to report.
    const again = await sale(`txn_outbox_${dialect}_dup`);
    expect(again.status).toBe(409);
    expect(Number(await count("webhook_outbox"))).toBe(1);
    expect(await deliverDueWebhooks(h.services, WORKER)).toBe(1);
    await disable(ep);
  });

  it.runIf(available)(
    "two processes' workers racing over the same outbox send each event once",
    async () => {
      const ep = await endpoint();
      const before = receiver.received.length;
      for (let i = 0; i < 12; i++)
        expect((await sale(`txn_race_${dialect}_${i}`)).status).toBe(201);
      expect(Number(await count("webhook_outbox"))).toBe(12);
      const small = { ...WORKER, batchSize: 5 };
      const passes = await Promise.all([
        deliverDueWebhooks(h.services, small),
        deliverDueWebhooks(other.services, small),
        deliverDueWebhooks(h.services, small),
        deliverDueWebhooks(other.services, small),
      ]);
      // Whatever the interleaving, every row went to exactly one pass.
      expect(passes.reduce((a, b) => a + b, 0)).toBe(12);
      const got = receiver.received.slice(before);
      expect(got).toHaveLength(12);
      expect(new Set(got.map((d) => d.event.id)).size).toBe(12);
      expect(Number(await count("webhook_outbox"))).toBe(0);
      expect(await deliverDueWebhooks(other.services, WORKER)).toBe(0);
      await disable(ep);
    },
  );

  it.runIf(available)(
    "while requests queue, the running worker sends a small pass, then the rest once they do not",
    async () => {
      const ep = await endpoint();
      const before = receiver.received.length;
      for (let i = 0; i < 6; i++)
        expect((await sale(`txn_paced_${dialect}_${i}`)).status).toBe(201);
      let inFlight = 50;
      const worker = startWebhookWorker(h.services, {
        ...WORKER,
        pollMs: 50,
        load: { sample: () => inFlight },
        pacing: paced(60_000),
      });
      try {
        await receiver.waitFor(before + 2);
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(receiver.received.length - before).toBe(2);
        inFlight = 0;
        await receiver.waitFor(before + 6);
        expect(new Set(receiver.received.slice(before).map((d) => d.event.id)).size).toBe(6);
      } finally {
        await worker.stop();
      }
      await disable(ep);
    },
  );

  it.runIf(available)(
    "a change older than the pacing's bound is sent at full speed, however busy the server",
    async () => {
      const ep = await endpoint();
      const before = receiver.received.length;
      for (let i = 0; i < 6; i++)
        expect((await sale(`txn_overdue_${dialect}_${i}`)).status).toBe(201);
      // The changes were written 31 s ago by the service's clock; the queue never empties.
      h.clock.advance(31_000);
      const worker = startWebhookWorker(h.services, {
        ...WORKER,
        pollMs: 50,
        load: { sample: () => 50 },
        pacing: paced(30_000),
      });
      try {
        // Paced, only the first pass of two would leave within the minute.
        await receiver.waitFor(before + 6, 10_000);
        expect(new Set(receiver.received.slice(before).map((d) => d.event.id)).size).toBe(6);
      } finally {
        await worker.stop();
      }
      await disable(ep);
    },
  );
});
