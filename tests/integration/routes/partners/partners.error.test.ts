import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialectsUnderTest } from "../../../support/dialects";
import { createHarness, type Harness } from "../../../support/harness";

describe("partners: errors", () => {
  let h: Harness;
  let sk: string;
  beforeAll(async () => {
    h = await createHarness();
    sk = h.merchant.keys.sk_test;
  });
  afterAll(async () => h.close());

  it.each([
    ["missing name", { program_id: "prg_x" }, "name"],
    ["missing program_id", { name: "A", program_id: undefined }, "program_id"],
    ["bad email", { name: "A", email: "not-an-email" }, "email"],
    ["ref with a space", { name: "A", ref: "a b" }, "ref"],
    ["ref with unicode", { name: "A", ref: "café" }, "ref"],
    ["ref with a control character", { name: "A", ref: "ab\u0000" }, "ref"],
    ["ref over 64 characters", { name: "A", ref: "r".repeat(65) }, "ref"],
    ["empty ref", { name: "A", ref: "" }, "ref"],
    ["unknown status", { name: "A", status: "active" }, "status"],
    ["name as a number", { name: 42 }, "name"],
  ])("400 VALIDATION_ERROR naming the field: %s", async (_name, body, field) => {
    const res = await h.post("/api/v1/partners", {
      key: sk,
      body: { program_id: h.program.id, ...body },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(res.body.error.details.fields).toHaveProperty([field]);
  });

  it("a program_id that is not the merchant's is a VALIDATION_ERROR on program_id", async () => {
    const other = await h.otherMerchant();
    const theirs = await h.post("/api/v1/programs", {
      key: other.keys.sk_test,
      body: { name: "Theirs", commission: { type: "percent", percent: 10 } },
    });
    for (const programId of ["prg_unknown", theirs.body.id]) {
      const res = await h.post("/api/v1/partners", {
        key: sk,
        body: { name: "A", program_id: programId },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields).toEqual({ program_id: "is not one of your programs" });
      const patch = await h.patch(`/api/v1/partners/${h.partner.id}`, {
        key: sk,
        body: { program_id: programId },
      });
      expect(patch.status).toBe(400);
      expect(patch.body.error.details.fields).toHaveProperty(["program_id"]);
    }
  });

  it("a ref already used by another partner is refused on create and on update", async () => {
    const res = await h.post("/api/v1/partners", {
      key: sk,
      body: { name: "Copycat", program_id: h.program.id, ref: "demo" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(res.body.error.details.fields).toEqual({ ref: "is already used by another partner" });

    const other = await h.createPartner({ ref: "other-ref" });
    const patch = await h.patch(`/api/v1/partners/${other.id}`, {
      key: sk,
      body: { ref: "demo" },
    });
    expect(patch.status).toBe(400);
    expect(patch.body.error.details.fields).toEqual({ ref: "is already used by another partner" });
    const read = await h.get(`/api/v1/partners/${other.id}`, { key: sk });
    expect(read.body.ref).toBe("other-ref");
  });

  it("the same ref at another merchant is fine (unique per merchant)", async () => {
    const other = await h.otherMerchant();
    const program = await h.post("/api/v1/programs", {
      key: other.keys.sk_test,
      body: { name: "Theirs", commission: { type: "percent", percent: 10 } },
    });
    const res = await h.post("/api/v1/partners", {
      key: other.keys.sk_test,
      body: { name: "Their demo", program_id: program.body.id, ref: "demo" },
    });
    expect(res.status).toBe(201);
  });

  it("404 NOT_FOUND for an unknown partner, on get and on update", async () => {
    const get = await h.get("/api/v1/partners/prt_unknown", { key: sk });
    expect(get.status).toBe(404);
    expect(get.body.error.code).toBe("NOT_FOUND");
    const patch = await h.patch("/api/v1/partners/prt_unknown", {
      key: sk,
      body: { status: "approved" },
    });
    expect(patch.status).toBe(404);
  });

  it.each([
    ["status=active", "status"],
    ["limit=1000", "limit"],
    ["starting_after=prt_unknown", "starting_after"],
  ])("list: 400 VALIDATION_ERROR for %s", async (query, field) => {
    const res = await h.get(`/api/v1/partners?${query}`, { key: sk });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields).toHaveProperty([field]);
  });

  it.each([
    ["another Stripe object's id", "pi_3QxYzAbCdEfGhIj"],
    ["no prefix", "QxYzAbCdEfGhIj"],
    ["nothing after the prefix", "cus_"],
    ["an underscore after the prefix", "cus_Qx_Yz"],
    ["a space", "cus_QxYz AbCd"],
    ["a customer's e-mail", "ana@example.com"],
    ["over 100 characters after the prefix", `cus_${"a".repeat(101)}`],
  ])(
    "a malformed stripe_customer_id (%s): 400 VALIDATION_ERROR on create and update",
    async (_name, value) => {
      const expected = {
        code: "VALIDATION_ERROR",
        details: {
          fields: {
            stripe_customer_id:
              "must be a Stripe customer id (cus_ followed by letters and digits)",
          },
        },
      };
      const res = await h.post("/api/v1/partners", {
        key: sk,
        body: { name: "A", program_id: h.program.id, stripe_customer_id: value },
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject(expected);
      expect(res.body.error.message).toContain("stripe_customer_id");
      const patch = await h.patch(`/api/v1/partners/${h.partner.id}`, {
        key: sk,
        body: { stripe_customer_id: value },
      });
      expect(patch.status).toBe(400);
      expect(patch.body.error).toMatchObject(expected);
      expect(
        (await h.get(`/api/v1/partners/${h.partner.id}`, { key: sk })).body.stripe_customer_id,
      ).toBeNull();
    },
  );

  it("update: unknown fields and bad values are refused", async () => {
    for (const body of [{ status: "active" }, { nickname: "x" }, { email: "nope" }]) {
      const res = await h.patch(`/api/v1/partners/${h.partner.id}`, { key: sk, body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
    }
  });
});

const dialects = await dialectsUnderTest();

describe.each(dialects)("partners: racing refs on $dialect", ({ dialect, available }) => {
  let h: Harness;
  let sk: string;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    sk = h.merchant.keys.sk_test;
  });
  afterAll(async () => h?.close());

  it.runIf(available)(
    "concurrent creates with one ref: one 201, the rest 400, one partner stored",
    async () => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          h.post("/api/v1/partners", {
            key: sk,
            body: { name: `Racer ${i}`, program_id: h.program.id, ref: "race" },
          }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([201, ...Array(9).fill(400)]);
      for (const r of responses.filter((r) => r.status === 400)) {
        expect(r.body.error.details.fields).toEqual({ ref: "is already used by another partner" });
      }
      const stored = await h.services.store.db
        .selectFrom("partners")
        .select("id")
        .where("ref", "=", "race")
        .execute();
      expect(stored).toHaveLength(1);
    },
  );

  it.runIf(available)("concurrent renames to one ref: one 200, the rest 400", async () => {
    const partners = await Promise.all(
      Array.from({ length: 5 }, (_, i) => h.createPartner({ ref: `before-${i}` })),
    );
    const responses = await Promise.all(
      partners.map((p) =>
        h.patch(`/api/v1/partners/${p.id}`, { key: sk, body: { ref: "renamed" } }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 400, 400, 400, 400]);
  });
});
