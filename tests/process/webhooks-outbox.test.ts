// The outbox survives a crash: `selgeo serve` is killed with SIGKILL while its deliveries of a
// conversion's events are in flight (the receiver holds them unanswered), and the server started
// again on the same database delivers every one of them.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { BROWSER_USER_AGENT } from "../support/harness";
import { type DemoServerProcess, startServerProcess } from "../support/server-process";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

describe("selgeo serve: the webhook outbox across a SIGKILL", () => {
  let first: DemoServerProcess | undefined;
  let second: DemoServerProcess | undefined;
  let receiver: WebhookReceiver | undefined;
  afterAll(async () => {
    await first?.stop("SIGKILL");
    await second?.stop();
    await receiver?.close();
    if (first) rmSync(first.dir, { recursive: true, force: true });
  });

  it("loses no event when the server dies between the change and the delivery", {
    timeout: 120_000,
  }, async () => {
    receiver = await startWebhookReceiver();
    // Every first delivery hangs: the server is mid-delivery when it is killed.
    receiver.answers.push("hang", "hang", "hang");
    const env = { WEBHOOK_TIMEOUT_SECONDS: "2", WEBHOOK_RETRY_BASE_SECONDS: "1" };
    first = await startServerProcess({ env });
    const { demo } = first;
    const api = (url: string, path: string, body: unknown, key = demo.keys.sk_test) =>
      fetch(`${url}${path}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    const endpoint = await api(first.url, "/api/v1/webhook-endpoints", {
      url: receiver.url,
      events: ["conversion.recorded", "conversion.attributed", "commission.created"],
    });
    expect(endpoint.status).toBe(201);

    const click = await fetch(`${first.url}/api/v1/clicks`, {
      method: "POST",
      headers: { "Content-Type": "text/plain", "User-Agent": BROWSER_USER_AGENT },
      body: JSON.stringify({
        key: demo.keys.pk_test,
        ref: demo.partner_ref,
        url: "https://shop.example/?ref=demo",
      }),
    });
    const { click_id } = (await click.json()) as { click_id: string };
    const conversion = await api(first.url, "/api/v1/conversions", {
      click_id,
      event_type: "purchase",
      external_transaction_id: "txn_sigkill_1",
      amount_cents: 4900,
      currency: "EUR",
    });
    expect(conversion.status).toBe(201);
    const { id: conversionId } = (await conversion.json()) as { id: string };

    await receiver.waitFor(3);
    const sent = new Set(receiver.received.map((d) => d.event.id));
    expect(sent.size).toBe(3);
    await first.stop("SIGKILL");

    second = await startServerProcess({ env, dir: first.dir });
    // Each event arrives again (after the dead server's claim lapses) and is answered 200.
    await receiver.waitFor(6, 60_000);
    const again = receiver.received.slice(3);
    expect(new Set(again.map((d) => d.event.id))).toEqual(sent);
    expect(again.find((d) => d.event.type === "conversion.recorded")?.event.data.object.id).toBe(
      conversionId,
    );
    await expect
      .poll(
        async () => {
          const res = await fetch(`${second!.url}/api/v1/webhook-deliveries?status=delivered`, {
            headers: { Authorization: `Bearer ${demo.keys.sk_test}` },
          });
          return ((await res.json()) as { data: unknown[] }).data.length;
        },
        { timeout: 10_000 },
      )
      .toBe(3);
  });
});
