// Idempotency-Key on authenticated POSTs (http/idempotency.ts, applied by http/route.ts): the
// same key and body replays the first answer, another body is refused, concurrent requests with
// one key have one effect — on SQLite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../../server/lib/clock";
import { txn } from "../../support/conversions";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";

const dialects = await dialectsUnderTest();

let keySequence = 0;
const newKey = () => `idem-${Date.now().toString(36)}-${++keySequence}`;

describe.each(dialects)("Idempotency-Key on $dialect", ({ dialect, available }) => {
  let h: Harness;
  let sk: string;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    sk = h.merchant.keys.sk_test;
  });
  afterAll(async () => h?.close());

  const post = (path: string, key: string, body: unknown, apiKey = sk) =>
    h.post(path, { key: apiKey, body, headers: { "Idempotency-Key": key } });

  async function programCount(): Promise<number> {
    const row = await h.services.store.db
      .selectFrom("programs")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it.runIf(available)(
    "the same key and body replays the first answer, nothing done twice",
    async () => {
      const key = newKey();
      const body = {
        click_id: null,
        event_type: "purchase",
        external_transaction_id: txn(),
        amount_cents: 4900,
        currency: "EUR",
      };
      const first = await post("/api/v1/conversions", key, body);
      expect(first.status).toBe(201);
      expect(first.headers.get("idempotent-replayed")).toBeNull();
      const again = await post("/api/v1/conversions", key, body);
      expect(again.status).toBe(201);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(again.headers.get("content-type")).toContain("application/json");
      expect(again.body).toEqual(first.body);
      expect(again.headers.get("x-request-id")).toBeTruthy();
      // Without the key the same body is a duplicate sale, as before.
      const plain = await h.post("/api/v1/conversions", { key: sk, body });
      expect(plain.status).toBe(409);
      expect(plain.body.error.code).toBe("CONVERSION_DUPLICATE");
    },
  );

  it.runIf(available)("replays for 24 hours, then the key is free again", async () => {
    const key = newKey();
    const before = await programCount();
    const first = await post("/api/v1/programs", key, {
      name: "Once",
      commission: { type: "percent", percent: 10 },
    });
    expect(first.status).toBe(201);
    h.clock.advance(DAY_MS - 1000);
    const replay = await post("/api/v1/programs", key, {
      name: "Once",
      commission: { type: "percent", percent: 10 },
    });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body.id).toBe(first.body.id);
    expect(await programCount()).toBe(before + 1);
    h.clock.advance(2000);
    const later = await post("/api/v1/programs", key, {
      name: "Once",
      commission: { type: "percent", percent: 10 },
    });
    expect(later.status).toBe(201);
    expect(later.headers.get("idempotent-replayed")).toBeNull();
    expect(later.body.id).not.toBe(first.body.id);
    expect(await programCount()).toBe(before + 2);
  });

  it.runIf(available)(
    "an error answer is not kept: the corrected body runs under the same key",
    async () => {
      const key = newKey();
      const first = await post("/api/v1/programs", key, { name: "" });
      expect(first.status).toBe(400);
      const fixed = { name: "Fixed", commission: { type: "percent", percent: 10 } };
      const second = await post("/api/v1/programs", key, fixed);
      expect(second.status).toBe(201);
      expect(second.headers.get("idempotent-replayed")).toBeNull();
      const again = await post("/api/v1/programs", key, fixed);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(again.body.id).toBe(second.body.id);
    },
  );

  it.runIf(available)(
    "the same key with another body → 409 IDEMPOTENCY_KEY_REUSED, nothing done",
    async () => {
      const key = newKey();
      const first = await post("/api/v1/programs", key, {
        name: "A",
        commission: { type: "percent", percent: 10 },
      });
      expect(first.status).toBe(201);
      const before = await programCount();
      const other = await post("/api/v1/programs", key, {
        name: "B",
        commission: { type: "percent", percent: 10 },
      });
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
      expect(other.body.error.details).toEqual({ idempotency_key: key });
      expect(await programCount()).toBe(before);
      // Another path with the key is another request too.
      const elsewhere = await post("/api/v1/partners", key, {
        name: "P",
        program_id: first.body.id,
        ref: `r${keySequence}`,
      });
      expect(elsewhere.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    },
  );

  it.runIf(available)(
    "keys belong to a merchant and mode: the same key elsewhere is a new request",
    async () => {
      const key = newKey();
      const body = { name: "Scoped", commission: { type: "percent", percent: 10 } };
      const test = await post("/api/v1/programs", key, body);
      const live = await post("/api/v1/programs", key, body, h.merchant.keys.sk_live);
      expect(live.status).toBe(201);
      expect(live.headers.get("idempotent-replayed")).toBeNull();
      expect(live.body.id).not.toBe(test.body.id);
      const other = await h.otherMerchant("Other idem shop");
      const theirs = await post("/api/v1/programs", key, body, other.keys.sk_test);
      expect(theirs.status).toBe(201);
      expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    },
  );

  it.runIf(available)("a malformed key → 400 naming the header", async () => {
    const res = await post("/api/v1/programs", "x".repeat(256), { name: "Long key" });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields["Idempotency-Key"]).toBeTruthy();
  });

  it.runIf(available)(
    "20 racing requests with one key: one program created, every answer its replay or 409 IN_USE",
    async () => {
      const key = newKey();
      const before = await programCount();
      const body = { name: "Raced", commission: { type: "percent", percent: 10 } };
      const results = await Promise.all(
        Array.from({ length: 20 }, () => post("/api/v1/programs", key, body)),
      );
      expect(await programCount()).toBe(before + 1);
      const created = results.filter((r) => r.status === 201);
      const fresh = created.filter((r) => r.headers.get("idempotent-replayed") === null);
      expect(fresh).toHaveLength(1);
      for (const res of created) expect(res.body.id).toBe(fresh[0]!.body.id);
      const waiting = results.filter((r) => r.status === 409);
      for (const res of waiting) {
        expect(res.body.error.code).toBe("IDEMPOTENCY_KEY_IN_USE");
        expect(res.headers.get("retry-after")).toBe("1");
      }
      expect(created.length + waiting.length).toBe(20);
      // Once answered, a retry of a refused one gets the answer.
      const retry = await post("/api/v1/programs", key, body);
      expect(retry.headers.get("idempotent-replayed")).toBe("true");
      expect(retry.body.id).toBe(fresh[0]!.body.id);
    },
  );

  it.runIf(available)("racing refunds with one key refund once", async () => {
    const conversion = await h.post("/api/v1/conversions", {
      key: sk,
      body: {
        event_type: "purchase",
        external_transaction_id: txn(),
        amount_cents: 5000,
        currency: "EUR",
      },
    });
    const key = newKey();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        post(`/api/v1/conversions/${conversion.body.id}/refunds`, key, { amount_cents: 1000 }),
      ),
    );
    expect(results.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    const after = await h.get(`/api/v1/conversions/${conversion.body.id}`, { key: sk });
    expect(after.body.refunded_amount_cents).toBe(1000);
  });
});

describe("Idempotency-Key: answers a retry may change are not kept", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h.close());

  it("a 503 releases the key: the retry runs the request", async () => {
    const key = newKey();
    const body = { name: "After outage", commission: { type: "percent", percent: 10 } };
    const db = h.services.store.db;
    // The first attempt fails on storage: its program insert meets a dropped connection.
    const original = db.insertInto.bind(db);
    let failures = 0;
    (db as { insertInto: unknown }).insertInto = ((table: string) => {
      if (table === "programs" && failures === 0) {
        failures += 1;
        throw Object.assign(new Error("Connection terminated unexpectedly"), {
          code: "ECONNRESET",
        });
      }
      return original(table as never);
    }) as typeof db.insertInto;
    try {
      const first = await h.post("/api/v1/programs", {
        key: h.merchant.keys.sk_test,
        body,
        headers: { "Idempotency-Key": key },
      });
      expect(first.status).toBeGreaterThanOrEqual(500);
    } finally {
      (db as { insertInto: unknown }).insertInto = original;
    }
    const retry = await h.post("/api/v1/programs", {
      key: h.merchant.keys.sk_test,
      body,
      headers: { "Idempotency-Key": key },
    });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
  });
});

describe("Idempotency-Key in the OpenAPI document", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h.close());

  it("every authenticated POST takes it, except those answering a new secret", async () => {
    const doc = (await h.get("/api/v1/openapi.json")).body;
    const takes: string[] = [];
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      const post = item.post;
      if (!post) continue;
      const refs = (post.parameters ?? []).map((p: { $ref?: string }) => p.$ref);
      if (refs.includes("#/components/parameters/IdempotencyKey")) takes.push(path);
    }
    expect(takes.sort()).toEqual(
      [
        "/api/v1/commissions/{id}/reject",
        "/api/v1/commissions/{id}/release",
        "/api/v1/conversions",
        "/api/v1/conversions/{id}/refunds",
        "/api/v1/keys/{id}/revoke",
        "/api/v1/partners",
        "/api/v1/partners/{id}/promotion-codes",
        "/api/v1/payouts",
        "/api/v1/programs",
        "/api/v1/webhook-deliveries/{id}/resend",
      ].sort(),
    );
    expect(doc.components.parameters.IdempotencyKey.in).toBe("header");
  });
});
