// Live answers of a real server (over a socket), success and each error status, validated
// against the schemas of the OpenAPI document that same server serves: the document is what
// the API does, so clients generated from it type-check against real traffic.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { txn } from "../../../support/conversions";
import { type CallResult, createHarness, type Harness } from "../../../support/harness";

let h: Harness;
let doc: any;
let ajv: Ajv2020;
const checked = new Set<string>();

beforeAll(async () => {
  h = await createHarness({ transport: "socket", rateLimitPerMinute: 5 });
  doc = (await h.get("/api/v1/openapi.json")).body;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(doc, "openapi");
});
afterAll(async () => h.close());

const pointer = (...parts: string[]) =>
  parts.map((part) => part.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

/** The answer checked against its operation's documented response for its status. */
function conforms(method: string, template: string, res: CallResult): void {
  const operation = doc.paths[template]?.[method];
  expect(operation, `${method} ${template} is documented`).toBeTruthy();
  const status = String(res.status);
  const documented = operation.responses[status] ? status : "default";
  const response = operation.responses[documented];
  expect(operation.responses[status], `${method} ${template} documents ${status}`).toBeTruthy();
  expect(res.headers.get("x-request-id")).toBeTruthy();
  for (const [name, header] of Object.entries<any>(response.headers ?? {})) {
    const required = header.$ref
      ? doc.components.headers[header.$ref.split("/").pop()].required
      : header.required;
    if (!required) continue;
    expect(res.headers.get(name), `${method} ${template} ${status} sends ${name}`).not.toBeNull();
  }
  const media = response.content?.["application/json"];
  if (!media) return;
  const validate = ajv.compile({
    $ref: `openapi#/${pointer("paths", template, method, "responses", documented, "content", "application/json", "schema")}`,
  });
  const valid = validate(res.body);
  expect(
    valid,
    `${method} ${template} ${status}: ${ajv.errorsText(validate.errors)}\n${res.text}`,
  ).toBe(true);
  if (res.status >= 400) checked.add(`${res.status} ${res.body.error.code}`);
  else checked.add(`${res.status} ${method} ${template}`);
}

const sk = () => h.merchant.keys.sk_test;
const conversionBody = (extra: Record<string, unknown> = {}) => ({
  event_type: "purchase",
  external_transaction_id: txn(),
  amount_cents: 4900,
  currency: "eur",
  ...extra,
});

describe("live answers match the OpenAPI document", () => {
  it("successes", async () => {
    const click = await h.click("demo", { ip: "198.51.100.90" });
    conforms("post", "/api/v1/clicks", click);
    conforms("post", "/api/v1/clicks", await h.click("demo", { ip: "198.51.100.90" }));
    const conversion = await h.post("/api/v1/conversions", {
      key: sk(),
      body: conversionBody({ click_id: click.body.click_id, metadata: { plan: "pro" } }),
    });
    expect(conversion.status).toBe(201);
    conforms("post", "/api/v1/conversions", conversion);
    const id = conversion.body.id;
    conforms("get", "/api/v1/conversions", await h.get("/api/v1/conversions", { key: sk() }));
    conforms(
      "get",
      "/api/v1/conversions/{id}",
      await h.get(`/api/v1/conversions/${id}`, { key: sk() }),
    );
    conforms(
      "post",
      "/api/v1/conversions/{id}/refunds",
      await h.post(`/api/v1/conversions/${id}/refunds`, { key: sk(), body: { amount_cents: 100 } }),
    );
    conforms("get", "/api/v1/commissions", await h.get("/api/v1/commissions", { key: sk() }));
    conforms(
      "get",
      "/api/v1/commissions/{id}",
      await h.get(`/api/v1/commissions/${conversion.body.commission.id}`, { key: sk() }),
    );
    conforms("get", "/api/v1/clicks", await h.get("/api/v1/clicks", { key: sk() }));
    conforms(
      "get",
      "/api/v1/clicks/{id}",
      await h.get(`/api/v1/clicks/${click.body.click_id}`, { key: sk() }),
    );
    const program = await h.post("/api/v1/programs", {
      key: sk(),
      body: { name: "Docs", commission: { type: "flat", amount_cents: 500, currency: "EUR" } },
    });
    conforms("post", "/api/v1/programs", program);
    conforms("get", "/api/v1/programs", await h.get("/api/v1/programs", { key: sk() }));
    conforms(
      "get",
      "/api/v1/programs/{id}",
      await h.get(`/api/v1/programs/${program.body.id}`, { key: sk() }),
    );
    conforms(
      "patch",
      "/api/v1/programs/{id}",
      await h.patch(`/api/v1/programs/${program.body.id}`, { key: sk(), body: { name: "Docs 2" } }),
    );
    const partner = await h.post("/api/v1/partners", {
      key: sk(),
      body: { name: "P", email: "p@example.com", program_id: program.body.id },
    });
    conforms("post", "/api/v1/partners", partner);
    conforms("get", "/api/v1/partners", await h.get("/api/v1/partners", { key: sk() }));
    conforms(
      "get",
      "/api/v1/partners/{id}",
      await h.get(`/api/v1/partners/${partner.body.id}`, { key: sk() }),
    );
    conforms(
      "patch",
      "/api/v1/partners/{id}",
      await h.patch(`/api/v1/partners/${partner.body.id}`, {
        key: sk(),
        body: { status: "approved" },
      }),
    );
    conforms("get", "/api/v1/audit-log", await h.get("/api/v1/audit-log", { key: sk() }));
    conforms("get", "/api/v1/settings", await h.get("/api/v1/settings", { key: sk() }));
    conforms(
      "patch",
      "/api/v1/settings",
      await h.patch("/api/v1/settings", { key: sk(), body: { allowed_origins: [] } }),
    );
    conforms("get", "/api/v1/stats", await h.get("/api/v1/stats", { key: sk() }));
    conforms("get", "/api/v1/keys", await h.get("/api/v1/keys", { key: sk() }));
    conforms(
      "get",
      "/api/v1/keys/check",
      await h.get(`/api/v1/keys/check?key=${h.merchant.keys.pk_test}`),
    );
    conforms(
      "get",
      "/api/v1/integrations/stripe",
      await h.get("/api/v1/integrations/stripe", { key: sk() }),
    );
    conforms(
      "get",
      "/api/v1/integrations/stripe/deliveries",
      await h.get("/api/v1/integrations/stripe/deliveries", { key: sk() }),
    );
    conforms("get", "/healthz", await h.get("/healthz"));
    conforms("get", "/readyz", await h.get("/readyz"));
    // The check has teeth: a body unlike the document fails it.
    const strict = ajv.compile({
      $ref: `openapi#/${pointer("paths", "/api/v1/conversions", "post", "responses", "201", "content", "application/json", "schema")}`,
    });
    expect(strict({ ...conversion.body, currency: "EURO" })).toBe(false);
    expect(strict({ ...conversion.body, surprise: 1 })).toBe(
      doc.components.schemas.Conversion.additionalProperties !== false,
    );
  });

  it("each error status", async () => {
    conforms(
      "post",
      "/api/v1/conversions",
      await h.post("/api/v1/conversions", { key: sk(), body: conversionBody({ clickId: "x" }) }),
    );
    conforms(
      "post",
      "/api/v1/conversions",
      await h.post("/api/v1/conversions", {
        key: sk(),
        rawBody: "{",
        headers: { "Content-Type": "application/json" },
      }),
    );
    conforms(
      "get",
      "/api/v1/conversions",
      await h.get("/api/v1/conversions", { key: "sk_test_nope" }),
    );
    conforms(
      "get",
      "/api/v1/conversions",
      await h.get("/api/v1/conversions", { key: h.merchant.keys.pk_test }),
    );
    conforms(
      "get",
      "/api/v1/conversions/{id}",
      await h.get("/api/v1/conversions/conv_nope", { key: sk() }),
    );
    conforms("post", "/api/v1/clicks", await h.click("nobody", { ip: "198.51.100.91" }));
    const first = conversionBody();
    await h.post("/api/v1/conversions", { key: sk(), body: first });
    conforms(
      "post",
      "/api/v1/conversions",
      await h.post("/api/v1/conversions", { key: sk(), body: first }),
    );
    const key = `docs-${txn()}`;
    await h.post("/api/v1/conversions", {
      key: sk(),
      body: conversionBody(),
      headers: { "Idempotency-Key": key },
    });
    conforms(
      "post",
      "/api/v1/conversions",
      await h.post("/api/v1/conversions", {
        key: sk(),
        body: conversionBody(),
        headers: { "Idempotency-Key": key },
      }),
    );
    conforms(
      "post",
      "/api/v1/conversions",
      await h.post("/api/v1/conversions", {
        key: sk(),
        rawBody: JSON.stringify({ metadata: { x: "y".repeat(20_000) } }),
        headers: { "Content-Type": "application/json" },
      }),
    );
    const notAllowed = await h.call("DELETE", "/api/v1/conversions", { key: sk() });
    expect(notAllowed.status).toBe(405);
    conforms("get", "/api/v1/conversions", notAllowed);
    await h.patch("/api/v1/settings", {
      key: sk(),
      body: { allowed_origins: ["https://shop.example"] },
    });
    conforms(
      "post",
      "/api/v1/clicks",
      await h.click("demo", {
        ip: "198.51.100.120",
        headers: { Origin: "https://elsewhere.example" },
      }),
    );
    await h.patch("/api/v1/settings", { key: sk(), body: { allowed_origins: [] } });
    for (let i = 0; i < 6; i++) {
      const res = await h.click("demo", { ip: `198.51.100.${100 + i}` });
      if (res.status === 429) {
        conforms("post", "/api/v1/clicks", res);
        break;
      }
    }
    // Storage down: 503 with Retry-After.
    const db = h.services.store.db;
    const original = db.selectFrom.bind(db);
    (db as { selectFrom: unknown }).selectFrom = () => {
      throw Object.assign(new Error("Connection terminated unexpectedly"), { code: "ECONNRESET" });
    };
    try {
      conforms("get", "/api/v1/conversions", await h.get("/api/v1/conversions", { key: sk() }));
    } finally {
      (db as { selectFrom: unknown }).selectFrom = original;
    }
    // A bug: 500, still in the envelope.
    (db as { selectFrom: unknown }).selectFrom = () => {
      throw new TypeError("a bug");
    };
    try {
      conforms("get", "/api/v1/conversions", await h.get("/api/v1/conversions", { key: sk() }));
    } finally {
      (db as { selectFrom: unknown }).selectFrom = original;
    }
    expect([...checked].filter((entry) => /^\d{3} [A-Z_]+$/.test(entry)).sort()).toEqual(
      [
        "400 INVALID_JSON",
        "400 VALIDATION_ERROR",
        "401 INVALID_API_KEY",
        "401 SECRET_KEY_REQUIRED",
        "403 ORIGIN_NOT_ALLOWED",
        "404 NOT_FOUND",
        "404 REFERRAL_NOT_FOUND",
        "405 METHOD_NOT_ALLOWED",
        "409 CONVERSION_DUPLICATE",
        "409 IDEMPOTENCY_KEY_REUSED",
        "413 PAYLOAD_TOO_LARGE",
        "429 RATE_LIMITED",
        "500 INTERNAL_ERROR",
        "503 UNAVAILABLE",
      ].sort(),
    );
  });
});

describe("the document", () => {
  it("gives every operation an operationId (unique) and a described tag", () => {
    const ids = new Set<string>();
    const tags = new Set(
      doc.tags.map((tag: { name: string; description: string }) => tag.description && tag.name),
    );
    for (const item of Object.values<any>(doc.paths)) {
      for (const operation of Object.values<any>(item)) {
        expect(operation.operationId).toMatch(/^[a-z][A-Za-z]+$/);
        expect(ids.has(operation.operationId)).toBe(false);
        ids.add(operation.operationId);
        expect(operation.tags.length).toBeGreaterThan(0);
        for (const tag of operation.tags) expect(tags.has(tag), tag).toBe(true);
        expect(operation.responses.default).toBeTruthy();
        expect(operation.responses["405"].headers.Allow).toBeTruthy();
      }
    }
    expect(doc.servers.length).toBeGreaterThan(0);
    expect(doc.info.contact).toBeTruthy();
    expect(doc.info.license.name).toBeTruthy();
  });

  it("narrows each error status to its codes: a GET has no INVALID_JSON, a 409 of a list none", () => {
    const list = doc.paths["/api/v1/conversions"].get.responses;
    expect(JSON.stringify(list["400"].content)).not.toContain("InvalidJson");
    const create =
      doc.paths["/api/v1/conversions"].post.responses["409"].content["application/json"].schema;
    expect(create.anyOf.map((s: { $ref: string }) => s.$ref)).toEqual([
      "#/components/schemas/ConversionDuplicateError",
      "#/components/schemas/IdempotencyKeyReusedError",
      "#/components/schemas/IdempotencyKeyInUseError",
    ]);
    const duplicate =
      doc.components.schemas.ConversionDuplicateError.properties.error.properties.details;
    expect(Object.keys(duplicate.properties)).toEqual(
      expect.arrayContaining(["conversion_id", "status", "reason", "commission"]),
    );
  });

  it("types timestamps as date-time and currencies as ISO 4217 codes", () => {
    const conversion = doc.components.schemas.Conversion.properties;
    for (const field of ["occurred_at", "created_at"])
      expect(conversion[field].format).toBe("date-time");
    expect(conversion.currency.pattern).toBe("^[A-Z]{3}$");
    expect(doc.components.schemas.CreateConversion.properties.currency.pattern).toBe(
      "^[A-Za-z]{3}$",
    );
  });

  it("closes the audit entry's action and decision and the webhook's outcome", () => {
    const entry = doc.components.schemas.AuditEntry.properties;
    expect(entry.action.enum).toEqual(expect.arrayContaining(["attribution", "refund", "dispute"]));
    expect(entry.decision.enum).toEqual(
      expect.arrayContaining(["attributed", "unattributed", "rejected"]),
    );
    const outcome = doc.components.schemas.StripeWebhookReceived.properties.outcome;
    expect(outcome.enum).toEqual(expect.arrayContaining(["recorded", "pending", "processing"]));
  });

  it("has an example on every request and response body", () => {
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        const bodies = [
          ...Object.values<any>(operation.requestBody?.content ?? {}),
          ...Object.values<any>(operation.responses).flatMap((r: any) =>
            Object.values<any>(r.content ?? {}),
          ),
        ];
        for (const media of bodies) {
          if (!media.schema) continue;
          expect(media.example ?? media.examples, `${method} ${path}`).toBeDefined();
        }
      }
    }
  });
});
