// The typed client (selgeo/client) against a real server over HTTP: reporting a conversion,
// the duplicate's typed 409, and a retry after a 503 — the answer lost in front of the server
// after the server did the work, so only the Idempotency-Key keeps the sale from counting twice.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSelgeoClient } from "../../../client/index";
import { txn } from "../../support/conversions";
import { createHarness, type Harness } from "../../support/harness";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ transport: "socket" });
});
afterAll(async () => h.close());

/** A server in front of the real one: forwards everything, and loses the first POST's answer. */
async function lossyProxy(target: string, lose: { status: number; retryAfter: string }) {
  const seen: Array<{ method: string; idempotencyKey: string | undefined; at: number }> = [];
  let lost = false;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        ([name]) => !["host", "connection", "content-length"].includes(name),
      ),
    ) as Record<string, string>;
    seen.push({
      method: req.method ?? "",
      idempotencyKey: headers["idempotency-key"],
      at: Date.now(),
    });
    const answer = await fetch(`${target}${req.url}`, {
      method: req.method ?? "GET",
      headers,
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    const body = await answer.text();
    if (req.method === "POST" && !lost) {
      lost = true; // The server did the work; its answer never reaches the client.
      res.writeHead(lose.status, {
        "Content-Type": "application/json",
        "Retry-After": lose.retryAfter,
      });
      res.end(
        JSON.stringify({
          error: {
            code: "UNAVAILABLE",
            message: "lost",
            request_id: "req_proxy",
            doc_url: "http://x/docs/errors#unavailable",
            details: {},
          },
        }),
      );
      return;
    }
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("selgeo/client against a real server", () => {
  it("reports a conversion, typed", async () => {
    const selgeo = createSelgeoClient({ apiKey: h.merchant.keys.sk_test, baseUrl: h.url! });
    const click = await h.click("demo", { ip: "198.51.100.150" });
    const { data, error, response } = await selgeo.POST("/api/v1/conversions", {
      body: {
        click_id: click.body.click_id,
        event_type: "purchase",
        external_transaction_id: txn(),
        amount_cents: 4900,
        currency: "EUR",
      },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data?.status).toBe("attributed");
    expect(data?.commission?.amount_cents).toBeGreaterThan(0);
    const again = await selgeo.GET("/api/v1/conversions/{id}", {
      params: { path: { id: data!.id } },
    });
    expect(again.data?.id).toBe(data!.id);
  });

  it("a duplicate is a typed 409 naming the first conversion and its outcome", async () => {
    const selgeo = createSelgeoClient({ apiKey: h.merchant.keys.sk_test, baseUrl: h.url! });
    const body = {
      event_type: "purchase",
      external_transaction_id: txn(),
      amount_cents: 1000,
      currency: "EUR",
    };
    const first = await selgeo.POST("/api/v1/conversions", { body });
    const second = await selgeo.POST("/api/v1/conversions", { body });
    expect(second.response.status).toBe(409);
    const error = second.error?.error;
    expect(error?.code).toBe("CONVERSION_DUPLICATE");
    if (error?.code === "CONVERSION_DUPLICATE") {
      // Narrowed by the code: the details are typed.
      expect(error.details.conversion_id).toBe(first.data!.id);
      expect(error.details.reason).toBe("CLICK_ID_MISSING");
      expect(error.details.commission).toBeNull();
    }
  });

  it("retries after a 503 with the same Idempotency-Key, honouring Retry-After: the sale counts once", async () => {
    const proxy = await lossyProxy(h.url!, { status: 503, retryAfter: "1" });
    try {
      const selgeo = createSelgeoClient({ apiKey: h.merchant.keys.sk_test, baseUrl: proxy.url });
      const externalId = txn();
      const started = Date.now();
      const { data, response } = await selgeo.POST("/api/v1/conversions", {
        body: {
          event_type: "purchase",
          external_transaction_id: externalId,
          amount_cents: 2500,
          currency: "EUR",
        },
      });
      expect(response.status).toBe(201);
      expect(response.headers.get("idempotent-replayed")).toBe("true");
      expect(proxy.seen).toHaveLength(2);
      const [lostAttempt, retry] = proxy.seen;
      expect(lostAttempt!.idempotencyKey).toBeTruthy();
      expect(retry!.idempotencyKey).toBe(lostAttempt!.idempotencyKey);
      expect(retry!.at - lostAttempt!.at).toBeGreaterThanOrEqual(1000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      const listed = await h.get(`/api/v1/conversions?external_transaction_id=${externalId}`, {
        key: h.merchant.keys.sk_test,
      });
      expect(listed.body.data).toHaveLength(1);
      expect(listed.body.data[0].id).toBe(data!.id);
    } finally {
      await proxy.close();
    }
  });

  it("gives up after its retries, answering the last 503", async () => {
    const always = createServer((_req, res) => {
      res.writeHead(503, { "Content-Type": "application/json", "Retry-After": "0" });
      res.end(
        JSON.stringify({
          error: {
            code: "UNAVAILABLE",
            message: "down",
            request_id: "r",
            doc_url: "http://x/",
            details: {},
          },
        }),
      );
    });
    await new Promise<void>((resolve) => always.listen(0, "127.0.0.1", resolve));
    let calls = 0;
    try {
      const selgeo = createSelgeoClient({
        apiKey: h.merchant.keys.sk_test,
        baseUrl: `http://127.0.0.1:${(always.address() as AddressInfo).port}`,
        maxRetries: 2,
        fetch: (request) => {
          calls += 1;
          return fetch(request);
        },
      });
      const { error, response } = await selgeo.GET("/api/v1/conversions");
      expect(response.status).toBe(503);
      expect(error?.error.code).toBe("UNAVAILABLE");
      expect(calls).toBe(3);
    } finally {
      await new Promise<void>((resolve) => always.close(() => resolve()));
    }
  });
});
