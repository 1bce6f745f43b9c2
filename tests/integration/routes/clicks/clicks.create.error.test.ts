import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeKey } from "../../../../server/keys/rotate";
import {
  BROWSER_USER_AGENT,
  createHarness,
  type Harness,
  TRANSPORTS,
} from "../../../support/harness";

describe.each(TRANSPORTS)("POST /api/v1/clicks — errors ($transport)", ({ transport }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ transport });
  });
  afterAll(async () => h.close());

  const send = (body: string, headers: Record<string, string> = {}) =>
    h.post("/api/v1/clicks", {
      rawBody: body,
      headers: { "Content-Type": "text/plain", "User-Agent": BROWSER_USER_AGENT, ...headers },
    });
  const key = () => h.merchant.keys.pk_test;

  function expectEnvelope(
    res: { status: number; body: any; headers: Headers },
    status: number,
    code: string,
  ) {
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message.length).toBeGreaterThan(10);
    expect(res.body.error.request_id).toBe(res.headers.get("x-request-id"));
    // This server's own error page, at the code's section (over either transport).
    expect(res.body.error.doc_url).toMatch(
      new RegExp(`^http://[^/]+/docs/errors#${code.toLowerCase().replaceAll("_", "-")}$`),
    );
  }

  it("refuses malformed JSON with INVALID_JSON", async () => {
    expectEnvelope(await send("{key: nope"), 400, "INVALID_JSON");
    expectEnvelope(await send(""), 400, "INVALID_JSON");
  });

  it("refuses a missing ref: no ref, no click", async () => {
    const res = await send(JSON.stringify({ key: key() }));
    expectEnvelope(res, 400, "VALIDATION_ERROR");
    expect(res.body.error.details.fields).toHaveProperty("ref");
  });

  it.each([
    ["unicode", "démo"],
    ["emoji", "ref😀"],
    ["control character", "de\u0000mo"],
    ["newline", "demo\n"],
    ["too long", "a".repeat(65)],
    ["empty", ""],
  ])("refuses a ref with %s", async (_why, ref) => {
    const res = await send(JSON.stringify({ key: key(), ref }));
    expectEnvelope(res, 400, "VALIDATION_ERROR");
    expect(res.body.error.details.fields).toHaveProperty("ref");
  });

  it("refuses wrong types, naming each field", async () => {
    const res = await send(JSON.stringify({ key: key(), ref: 42, url: ["x"] }));
    expectEnvelope(res, 400, "VALIDATION_ERROR");
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual(["ref", "url"]);
  });

  it("refuses a JSON body that is not an object", async () => {
    expectEnvelope(await send("[1,2]"), 401, "INVALID_API_KEY");
    expectEnvelope(
      await send(JSON.stringify("demo"), { Authorization: `Bearer ${key()}` }),
      400,
      "VALIDATION_ERROR",
    );
  });

  it("answers an unknown ref with REFERRAL_NOT_FOUND", async () => {
    const res = await send(JSON.stringify({ key: key(), ref: "nobody" }));
    expectEnvelope(res, 404, "REFERRAL_NOT_FOUND");
    expect(res.body.error.details.ref).toBe("nobody");
  });

  it("refuses a 1 MiB body with PAYLOAD_TOO_LARGE", async () => {
    const res = await send(
      JSON.stringify({ key: key(), ref: "demo", url: "x".repeat(1024 * 1024) }),
    );
    expectEnvelope(res, 413, "PAYLOAD_TOO_LARGE");
  });

  it("refuses a body just over 16 KiB even without Content-Length", async () => {
    const big = JSON.stringify({ key: key(), ref: "demo", referrer: "y".repeat(17 * 1024) });
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const response = await h.fetch("/api/v1/clicks", {
      method: "POST",
      body: stream,
      headers: { "Content-Type": "text/plain" },
      // @ts-expect-error Node's fetch needs this for a streamed body
      duplex: "half",
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("refuses a missing, malformed, unknown or revoked key with INVALID_API_KEY", async () => {
    expectEnvelope(await send(JSON.stringify({ ref: "demo" })), 401, "INVALID_API_KEY");
    expectEnvelope(
      await send(JSON.stringify({ key: "pk_test_YOUR_KEY", ref: "demo" })),
      401,
      "INVALID_API_KEY",
    );
    const unknown = await send(JSON.stringify({ key: `pk_test_${"Q".repeat(32)}`, ref: "demo" }));
    expectEnvelope(unknown, 401, "INVALID_API_KEY");
    expect(unknown.body.error.details.reason).toBe("UNKNOWN");

    const other = await h.otherMerchant();
    await revokeKey(h.services.store.db, h.clock, other.keys.pk_test);
    const revoked = await send(JSON.stringify({ key: other.keys.pk_test, ref: "demo" }));
    expectEnvelope(revoked, 401, "INVALID_API_KEY");
    expect(revoked.body.error.details.reason).toBe("REVOKED");
  });

  it("refuses a secret key with PUBLISHABLE_KEY_REQUIRED", async () => {
    const res = await send(JSON.stringify({ key: h.merchant.keys.sk_test, ref: "demo" }));
    expectEnvelope(res, 401, "PUBLISHABLE_KEY_REQUIRED");
    expect(res.body.error.message).toMatch(/rotate/i);
  });

  it("never takes the key from a __proto__ member of the body", async () => {
    const res = await send(`{"__proto__":{"key":"${key()}"},"ref":"demo"}`);
    expectEnvelope(res, 401, "INVALID_API_KEY");
  });

  it("answers hostile bodies with a 4xx, never a 5xx", async () => {
    const bodies = [
      "null",
      "1e309",
      '{"key":{"$ne":null},"ref":"demo"}',
      `{"key":"${key()}","ref":"demo","url":null}`,
      "\u0000\u0001",
      "{".repeat(5000),
    ];
    for (const body of bodies) {
      const res = await send(body);
      expect(res.status, body.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(res.status, body.slice(0, 40)).toBeLessThan(500);
      expect(res.body.error.code).toBeTypeOf("string");
    }
  });
});
