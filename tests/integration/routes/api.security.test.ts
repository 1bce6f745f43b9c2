// The security matrix of the secret-key API: every endpoint refuses publishable, missing,
// malformed, unknown and revoked keys; no merchant reads or changes another's objects; test and
// live data never mix. Endpoints and resources are tables: a new one is one more row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Mode } from "../../../server/contract/key-format";
import { revokeKey } from "../../../server/keys/rotate";
import type { CreatedMerchant } from "../../../server/merchants/create";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";
import { insertAuditEntry, insertCommission } from "../../support/rows";

type Owner = CreatedMerchant;

interface Made {
  id: string;
  /** List queries that would find the object if the caller could see it. */
  lookups?: string[];
}

interface Resource {
  name: string;
  /** Mode-scoped objects are visible to keys of their own mode only; the rest to both. */
  modeScoped: boolean;
  list: string;
  get?: (id: string) => string;
  /** Makes one object owned by `owner` in `mode`, the way its users would. */
  make: (h: Harness, owner: Owner, mode: Mode) => Promise<Made>;
}

/** Each owner gets one program and one approved partner, made through the API. */
const setups = new WeakMap<
  Harness,
  Map<string, { programId: string; partnerId: string; ref: string }>
>();
async function setupOf(h: Harness, owner: Owner) {
  let byOwner = setups.get(h);
  if (!byOwner) {
    byOwner = new Map();
    setups.set(h, byOwner);
  }
  let setup = byOwner.get(owner.merchant_id);
  if (!setup) {
    const key = owner.keys.sk_test;
    const program = await h.post("/api/v1/programs", {
      key,
      // The test clock stands still: every sale here is 0 s after its click (docs/fraud.md).
      body: {
        name: "Matrix",
        commission: { type: "percent", percent: 10 },
        fraud: { click_seconds: 0 },
      },
    });
    const ref = `m-${owner.merchant_id.slice(-8)}`;
    const partner = await h.post("/api/v1/partners", {
      key,
      body: { name: "Matrix partner", program_id: program.body.id, ref, status: "approved" },
    });
    setup = { programId: program.body.id, partnerId: partner.body.id, ref };
    byOwner.set(owner.merchant_id, setup);
  }
  return setup;
}

let visitor = 0;
const nextIp = () => `198.51.${Math.floor(++visitor / 250)}.${(visitor % 250) + 1}`;

/** A click and an attributed conversion through the public endpoints, in `mode`. */
async function convert(h: Harness, owner: Owner, mode: Mode) {
  const { ref } = await setupOf(h, owner);
  const click = await h.click(ref, { key: owner.keys[`pk_${mode}`], ip: nextIp() });
  const requestId = `req_matrix_${++visitor}`;
  const res = await h.post("/api/v1/conversions", {
    key: owner.keys[`sk_${mode}`],
    headers: { "X-Request-Id": requestId },
    body: {
      click_id: click.body.click_id,
      event_type: "purchase",
      external_transaction_id: `txn_matrix_${visitor}`,
      amount_cents: 4900,
      currency: "EUR",
    },
  });
  expect(res.status).toBe(201);
  expect(res.body.status).toBe("attributed");
  return { conversion: res.body, requestId };
}

const resources: Resource[] = [
  {
    name: "programs",
    modeScoped: false,
    list: "/api/v1/programs",
    get: (id) => `/api/v1/programs/${id}`,
    make: async (h, owner, mode) => {
      const res = await h.post("/api/v1/programs", {
        key: owner.keys[`sk_${mode}`],
        body: { name: "Secret program", commission: { type: "percent", percent: 5 } },
      });
      return { id: res.body.id };
    },
  },
  {
    name: "partners",
    modeScoped: false,
    list: "/api/v1/partners",
    get: (id) => `/api/v1/partners/${id}`,
    make: async (h, owner, mode) => {
      const { programId } = await setupOf(h, owner);
      const res = await h.post("/api/v1/partners", {
        key: owner.keys[`sk_${mode}`],
        body: { name: "Secret partner", program_id: programId },
      });
      return { id: res.body.id, lookups: [`/api/v1/partners?program_id=${programId}`] };
    },
  },
  {
    name: "clicks",
    modeScoped: true,
    list: "/api/v1/clicks",
    get: (id) => `/api/v1/clicks/${id}`,
    make: async (h, owner, mode) => {
      const { ref, partnerId } = await setupOf(h, owner);
      const res = await h.click(ref, { key: owner.keys[`pk_${mode}`], ip: nextIp() });
      expect(res.status).toBe(201);
      return {
        id: res.body.click_id,
        lookups: [`/api/v1/clicks?ref=${ref}`, `/api/v1/clicks?partner_id=${partnerId}`],
      };
    },
  },
  {
    name: "conversions",
    modeScoped: true,
    list: "/api/v1/conversions",
    get: (id) => `/api/v1/conversions/${id}`,
    make: async (h, owner, mode) => {
      const { conversion } = await convert(h, owner, mode);
      return {
        id: conversion.id,
        lookups: [
          `/api/v1/conversions?external_transaction_id=${conversion.external_transaction_id}`,
          `/api/v1/conversions?click_id=${conversion.click_id}`,
        ],
      };
    },
  },
  {
    name: "commissions",
    modeScoped: true,
    list: "/api/v1/commissions",
    get: (id) => `/api/v1/commissions/${id}`,
    make: async (h, owner, mode) => {
      const { conversion } = await convert(h, owner, mode);
      return {
        id: conversion.commission.id,
        lookups: [`/api/v1/commissions?conversion_id=${conversion.id}`],
      };
    },
  },
  {
    // Stored rows of every kind of decision, not only the ones a conversion writes.
    name: "commissions (stored directly)",
    modeScoped: true,
    list: "/api/v1/commissions",
    get: (id) => `/api/v1/commissions/${id}`,
    make: async (h, owner, mode) => {
      const { partnerId, programId } = await setupOf(h, owner);
      const row = await insertCommission(h, {
        merchant_id: owner.merchant_id,
        mode,
        partner_id: partnerId,
        program_id: programId,
      });
      return {
        id: row.id,
        lookups: [
          `/api/v1/commissions?conversion_id=${row.conversion_id}`,
          `/api/v1/commissions?partner_id=${partnerId}`,
        ],
      };
    },
  },
  {
    name: "audit-log",
    modeScoped: true,
    list: "/api/v1/audit-log",
    make: async (h, owner, mode) => {
      const { conversion, requestId } = await convert(h, owner, mode);
      const entry = await h.services.store.db
        .selectFrom("audit_log")
        .select("id")
        .where("conversion_id", "=", conversion.id)
        .executeTakeFirstOrThrow();
      return {
        id: entry.id,
        lookups: [
          `/api/v1/audit-log?request_id=${requestId}`,
          `/api/v1/audit-log?conversion_id=${conversion.id}`,
          `/api/v1/audit-log?click_id=${conversion.click_id}`,
          `/api/v1/audit-log?external_transaction_id=${conversion.external_transaction_id}`,
        ],
      };
    },
  },
  {
    name: "audit-log (stored directly)",
    modeScoped: true,
    list: "/api/v1/audit-log",
    make: async (h, owner, mode) => {
      const row = await insertAuditEntry(h, { merchant_id: owner.merchant_id, mode });
      return {
        id: row.id,
        lookups: [
          `/api/v1/audit-log?request_id=${row.request_id}`,
          `/api/v1/audit-log?click_id=${row.click_id}`,
        ],
      };
    },
  },
];

interface Endpoint {
  method: string;
  path: string;
  body?: unknown;
}

/** Every secret-key endpoint with a request that would succeed given the right key. */
function secretEndpoints(ids: Record<string, string>): Endpoint[] {
  const reads = new Map<string, Endpoint>();
  for (const r of resources) {
    for (const path of [`${r.list}?limit=100`, ...(r.get ? [r.get(ids[r.name] ?? "x")] : [])]) {
      reads.set(path, { method: "GET", path });
    }
  }
  return [
    ...reads.values(),
    {
      method: "POST",
      path: "/api/v1/programs",
      body: { name: "P", commission: { type: "percent", percent: 1 } },
    },
    { method: "PATCH", path: `/api/v1/programs/${ids.programs}`, body: { name: "Renamed" } },
    {
      method: "POST",
      path: "/api/v1/partners",
      body: { name: "P", program_id: ids.programs },
    },
    { method: "PATCH", path: `/api/v1/partners/${ids.partners}`, body: { status: "approved" } },
    { method: "GET", path: "/api/v1/settings" },
    { method: "PATCH", path: "/api/v1/settings", body: { allowed_origins: [] } },
    {
      method: "POST",
      path: "/api/v1/conversions",
      body: {
        event_type: "purchase",
        external_transaction_id: "txn_never_stored",
        amount_cents: 100,
        currency: "EUR",
      },
    },
    {
      method: "POST",
      path: `/api/v1/conversions/${ids.conversions}/refunds`,
      body: { amount_cents: 100 },
    },
    { method: "GET", path: "/api/v1/integrations/stripe" },
    {
      method: "PUT",
      path: "/api/v1/integrations/stripe",
      body: { webhook_secret: `whsec_${"a".repeat(32)}` },
    },
  ];
}

const dialects = await dialectsUnderTest();

describe.each(dialects)("API security matrix on $dialect", ({ dialect, available }) => {
  let h: Harness;
  let a: Owner;
  let b: Owner;
  /** One object of merchant A (test mode) per resource, for the key checks. */
  const ownIds: Record<string, string> = {};

  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    a = h.merchant;
    b = await h.otherMerchant("Merchant B");
    for (const resource of resources)
      ownIds[resource.name] = (await resource.make(h, a, "test")).id;
  });
  afterAll(async () => h?.close());

  describe("keys", () => {
    it.runIf(available)("a publishable key is refused with 401 SECRET_KEY_REQUIRED", async () => {
      for (const endpoint of secretEndpoints(ownIds)) {
        for (const key of [a.keys.pk_test, a.keys.pk_live]) {
          const res = await h.call(endpoint.method, endpoint.path, { key, body: endpoint.body });
          expect(res.status, `${endpoint.method} ${endpoint.path}`).toBe(401);
          expect(res.body.error.code).toBe("SECRET_KEY_REQUIRED");
        }
      }
    });

    it.runIf(available)(
      "no key, a malformed, unknown or revoked key: 401 INVALID_API_KEY",
      async () => {
        const revoked = await h.otherMerchant("Revoked");
        expect(await revokeKey(h.services.store.db, h.clock, revoked.keys.sk_test)).toBe(true);
        const attempts: Array<{ label: string; headers: Record<string, string> }> = [
          { label: "no key", headers: {} },
          { label: "empty bearer", headers: { Authorization: "Bearer " } },
          { label: "malformed", headers: { Authorization: "Bearer sk_test_short" } },
          { label: "not bearer", headers: { Authorization: `Basic ${btoa("user:pw")}` } },
          {
            label: "unknown",
            headers: { Authorization: `Bearer sk_test_${"A".repeat(32)}` },
          },
          { label: "revoked", headers: { Authorization: `Bearer ${revoked.keys.sk_test}` } },
        ];
        for (const endpoint of secretEndpoints(ownIds)) {
          for (const attempt of attempts) {
            const res = await h.call(endpoint.method, endpoint.path, {
              headers: attempt.headers,
              body: endpoint.body,
            });
            const where = `${attempt.label}: ${endpoint.method} ${endpoint.path}`;
            expect(res.status, where).toBe(401);
            expect(res.body.error.code, where).toBe("INVALID_API_KEY");
          }
        }
      },
    );

    it.runIf(available)(
      "the revoked key's merchant is still served by its other keys",
      async () => {
        const merchant = await h.otherMerchant("Half revoked");
        await revokeKey(h.services.store.db, h.clock, merchant.keys.sk_test);
        expect((await h.get("/api/v1/programs", { key: merchant.keys.sk_test })).status).toBe(401);
        expect((await h.get("/api/v1/programs", { key: merchant.keys.sk_live })).status).toBe(200);
      },
    );
  });

  describe.each(resources)("$name", (resource) => {
    async function visible(key: string, made: Made): Promise<{ get?: number; listed: boolean[] }> {
      const lists = [`${resource.list}?limit=100`, ...(made.lookups ?? [])];
      const listed: boolean[] = [];
      for (const path of lists) {
        const res = await h.get(path, { key });
        expect(res.status, path).toBe(200);
        listed.push(res.body.data.some((item: { id: string }) => item.id === made.id));
      }
      if (!resource.get) return { listed };
      const res = await h.get(resource.get(made.id), { key });
      if (res.status === 404) expect(res.body.error.code).toBe("NOT_FOUND");
      return { get: res.status, listed };
    }
    const seen = (lookups: number) => ({
      listed: Array(lookups + 1).fill(true),
      ...(resource.get ? { get: 200 } : {}),
    });
    const unseen = (lookups: number) => ({
      listed: Array(lookups + 1).fill(false),
      ...(resource.get ? { get: 404 } : {}),
    });

    it.runIf(available)("its owner sees it (the control for the checks below)", async () => {
      for (const mode of ["test", "live"] as const) {
        const made = await resource.make(h, a, mode);
        expect(await visible(a.keys[`sk_${mode}`], made)).toEqual(seen(made.lookups?.length ?? 0));
      }
    });

    it.runIf(available)("another merchant's keys never read it, in either mode", async () => {
      for (const mode of ["test", "live"] as const) {
        const made = await resource.make(h, b, mode);
        for (const key of [a.keys.sk_test, a.keys.sk_live]) {
          expect(await visible(key, made)).toEqual(unseen(made.lookups?.length ?? 0));
        }
      }
    });

    it.runIf(available)(
      resource.modeScoped
        ? "a key of the other mode never reads it"
        : "it is shared by both modes of its merchant",
      async () => {
        for (const [made_in, read_with] of [
          ["live", "test"],
          ["test", "live"],
        ] as const) {
          const made = await resource.make(h, a, made_in);
          const expected = resource.modeScoped ? unseen : seen;
          expect(await visible(a.keys[`sk_${read_with}`], made)).toEqual(
            expected(made.lookups?.length ?? 0),
          );
        }
      },
    );

    it.runIf(available)("another merchant's id is not a cursor for this list", async () => {
      const made = await resource.make(h, b, "test");
      const res = await h.get(`${resource.list}?starting_after=${made.id}`, {
        key: a.keys.sk_test,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields).toHaveProperty(["starting_after"]);
    });
  });

  describe("writes across merchants", () => {
    it.runIf(available)("another merchant's program and partner cannot be changed", async () => {
      const { programId, partnerId } = await setupOf(h, b);
      const program = await h.patch(`/api/v1/programs/${programId}`, {
        key: a.keys.sk_test,
        body: { name: "Hijacked" },
      });
      expect(program.status).toBe(404);
      const partner = await h.patch(`/api/v1/partners/${partnerId}`, {
        key: a.keys.sk_live,
        body: { status: "suspended" },
      });
      expect(partner.status).toBe(404);
      expect(
        (await h.get(`/api/v1/programs/${programId}`, { key: b.keys.sk_test })).body.name,
      ).toBe("Matrix");
      expect(
        (await h.get(`/api/v1/partners/${partnerId}`, { key: b.keys.sk_test })).body.status,
      ).toBe("approved");
    });

    it.runIf(available)("a partner cannot be attached to another merchant's program", async () => {
      const { programId } = await setupOf(h, b);
      const res = await h.post("/api/v1/partners", {
        key: a.keys.sk_test,
        body: { name: "Intruder", program_id: programId },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields).toHaveProperty(["program_id"]);
    });

    it.runIf(available)(
      "a conversion is refunded only by its own merchant, in its own mode",
      async () => {
        const theirs = (await convert(h, b, "test")).conversion;
        const mineLive = (await convert(h, a, "live")).conversion;
        for (const [key, id] of [
          [a.keys.sk_test, theirs.id],
          [a.keys.sk_live, theirs.id],
          [a.keys.sk_test, mineLive.id],
        ] as const) {
          const res = await h.post(`/api/v1/conversions/${id}/refunds`, {
            key,
            body: { amount_cents: 4900 },
          });
          expect(res.status).toBe(404);
          expect(res.body.error.code).toBe("NOT_FOUND");
        }
        for (const [key, id] of [
          [b.keys.sk_test, theirs.id],
          [a.keys.sk_live, mineLive.id],
        ] as const) {
          const read = await h.get(`/api/v1/conversions/${id}`, { key });
          expect(read.body.refunded_amount_cents).toBe(0);
          expect(read.body.commission.status).toBe("pending");
        }
      },
    );

    it.runIf(available)("settings are each merchant's own", async () => {
      await h.patch("/api/v1/settings", {
        key: b.keys.sk_live,
        body: { allowed_origins: ["https://b.example"] },
      });
      const mine = await h.get("/api/v1/settings", { key: a.keys.sk_test });
      expect(mine.body).toEqual({
        object: "settings",
        merchant_id: a.merchant_id,
        allowed_origins: [],
      });
      const click = await h.click("demo", {
        ip: nextIp(),
        headers: { Origin: "https://a-shop.example" },
      });
      expect(click.status).toBe(201);
    });
  });

  describe("the click endpoint takes publishable keys only", () => {
    it.runIf(available)("a secret key is refused with 401 PUBLISHABLE_KEY_REQUIRED", async () => {
      for (const key of [a.keys.sk_test, a.keys.sk_live]) {
        const inBody = await h.click("demo", { key, ip: nextIp() });
        expect(inBody.status).toBe(401);
        expect(inBody.body.error.code).toBe("PUBLISHABLE_KEY_REQUIRED");
        const asBearer = await h.post("/api/v1/clicks", {
          key,
          body: { ref: "demo" },
          headers: { "X-Forwarded-For": nextIp() },
        });
        expect(asBearer.status).toBe(401);
        expect(asBearer.body.error.code).toBe("PUBLISHABLE_KEY_REQUIRED");
      }
      const stored = await h.get("/api/v1/clicks?limit=100", { key: a.keys.sk_test });
      expect(stored.status).toBe(200);
    });

    it.runIf(available)("a publishable key as Authorization: Bearer is accepted", async () => {
      const res = await h.post("/api/v1/clicks", {
        key: a.keys.pk_live,
        body: { ref: "demo" },
        headers: { "X-Forwarded-For": nextIp() },
      });
      expect(res.status).toBe(201);
      expect(res.body.mode).toBe("live");
    });
  });
});
