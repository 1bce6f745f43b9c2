import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../support/harness";

describe("partners: happy paths", () => {
  let h: Harness;
  let sk: string;
  beforeAll(async () => {
    h = await createHarness();
    sk = h.merchant.keys.sk_test;
  });
  afterAll(async () => h.close());

  it("creates a pending partner with a generated ref", async () => {
    const res = await h.post("/api/v1/partners", {
      key: sk,
      body: { name: "Ana", program_id: h.program.id },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^prt_/),
      object: "partner",
      name: "Ana",
      email: null,
      stripe_customer_id: null,
      program_id: h.program.id,
      ref: expect.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
      status: "pending",
      created_at: h.clock.now().toISOString(),
      updated_at: h.clock.now().toISOString(),
    });
  });

  it("creates a partner with its own ref, email and status, and reads it back", async () => {
    const created = await h.post("/api/v1/partners", {
      key: sk,
      body: {
        name: "Bo",
        email: "bo@example.com",
        program_id: h.program.id,
        ref: "Bo_2026-spring",
        status: "approved",
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ref: "Bo_2026-spring", status: "approved" });
    const read = await h.get(`/api/v1/partners/${created.body.id}`, { key: sk });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it("a new partner's ref records clicks", async () => {
    await h.post("/api/v1/partners", {
      key: sk,
      body: { name: "Cy", program_id: h.program.id, ref: "cy-link", status: "approved" },
    });
    const click = await h.click("cy-link", { ip: "198.51.100.20" });
    expect(click.status).toBe(201);
  });

  it.each([["approved"], ["suspended"], ["rejected"], ["pending"], ["approved"]])(
    "moves a partner to %s",
    async (status) => {
      const res = await h.patch(`/api/v1/partners/${h.partner.id}`, { key: sk, body: { status } });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(status);
      const read = await h.get(`/api/v1/partners/${h.partner.id}`, { key: sk });
      expect(read.body.status).toBe(status);
    },
  );

  it("updates name, email, program and ref; email null removes it", async () => {
    const other = await h.createProgram({ name: "Other" });
    const partner = await h.createPartner({ name: "Dee", email: "dee@example.com", ref: "dee" });
    h.clock.advance(5000);
    const res = await h.patch(`/api/v1/partners/${partner.id}`, {
      key: sk,
      body: { name: "Dee Dee", email: null, program_id: other.id, ref: "deedee" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: "Dee Dee",
      email: null,
      program_id: other.id,
      ref: "deedee",
      created_at: partner.created_at,
      updated_at: h.clock.now().toISOString(),
    });
  });

  it("the partner's own Stripe customer: set on create, changed, removed with null, each change audited", async () => {
    const created = await h.post("/api/v1/partners", {
      key: sk,
      body: { name: "Eve", program_id: h.program.id, stripe_customer_id: "cus_EveOwn123" },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.stripe_customer_id).toBe("cus_EveOwn123");
    const id = created.body.id as string;
    expect((await h.get(`/api/v1/partners/${id}`, { key: sk })).body.stripe_customer_id).toBe(
      "cus_EveOwn123",
    );

    const changed = await h.patch(`/api/v1/partners/${id}`, {
      key: sk,
      body: { stripe_customer_id: "cus_EveNew456" },
      headers: { "X-Request-Id": "req_partner_stripe_change" },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ name: "Eve", stripe_customer_id: "cus_EveNew456" });

    // Other fields leave it as it is; null removes it.
    const renamed = await h.patch(`/api/v1/partners/${id}`, { key: sk, body: { name: "Eve B." } });
    expect(renamed.body.stripe_customer_id).toBe("cus_EveNew456");
    const removed = await h.patch(`/api/v1/partners/${id}`, {
      key: sk,
      body: { stripe_customer_id: null },
      headers: { "X-Request-Id": "req_partner_stripe_remove" },
    });
    expect(removed.status, removed.text).toBe(200);
    expect(removed.body.stripe_customer_id).toBeNull();
    expect((await h.get(`/api/v1/partners/${id}`, { key: sk })).body.stripe_customer_id).toBeNull();

    const log = (await h.get("/api/v1/audit-log?limit=20", { key: sk })).body.data as Array<{
      action: string;
      reason: string;
      request_id: string;
      facts: Record<string, unknown>;
    }>;
    const entryOf = (requestId: string) => log.find((e) => e.request_id === requestId);
    expect(entryOf("req_partner_stripe_change")).toMatchObject({
      action: "partner",
      reason: "PARTNER_UPDATED",
      facts: {
        partner_id: id,
        changes: { stripe_customer_id: { from: "cus_EveOwn123", to: "cus_EveNew456" } },
      },
    });
    expect(entryOf("req_partner_stripe_remove")?.facts).toEqual({
      partner_id: id,
      changes: { stripe_customer_id: { from: "cus_EveNew456", to: null } },
    });
    const creation = log.find((e) => e.reason === "PARTNER_CREATED" && e.facts.partner_id === id);
    expect(creation?.facts.partner).toMatchObject({ stripe_customer_id: "cus_EveOwn123" });
  });

  it("keeping one's own ref is not a conflict", async () => {
    const res = await h.patch(`/api/v1/partners/${h.partner.id}`, {
      key: sk,
      body: { ref: "demo" },
    });
    expect(res.status).toBe(200);
  });

  it("lists newest first, filtered by status and program_id, with pagination", async () => {
    const fresh = await createHarness();
    try {
      const key = fresh.merchant.keys.sk_test;
      const second = await fresh.createProgram({ name: "Second" });
      fresh.clock.advance(1000);
      const pending = await fresh.createPartner({ status: "pending", ref: "p1" });
      fresh.clock.advance(1000);
      const inSecond = await fresh.createPartner({ program_id: second.id, ref: "p2" });
      fresh.clock.advance(1000);
      const suspended = await fresh.createPartner({ status: "suspended", ref: "p3" });

      const all = await fresh.get("/api/v1/partners", { key });
      expect(all.body.data.map((p: { id: string }) => p.id)).toEqual([
        suspended.id,
        inSecond.id,
        pending.id,
        fresh.partner.id,
      ]);

      const onlyPending = await fresh.get("/api/v1/partners?status=pending", { key });
      expect(onlyPending.body.data.map((p: { id: string }) => p.id)).toEqual([pending.id]);

      const ofSecond = await fresh.get(`/api/v1/partners?program_id=${second.id}`, { key });
      expect(ofSecond.body.data.map((p: { id: string }) => p.id)).toEqual([inSecond.id]);

      const approvedOfFirst = await fresh.get(
        `/api/v1/partners?status=approved&program_id=${fresh.program.id}`,
        { key },
      );
      expect(approvedOfFirst.body.data.map((p: { id: string }) => p.id)).toEqual([
        fresh.partner.id,
      ]);

      const first = await fresh.get("/api/v1/partners?limit=2", { key });
      expect(first.body.has_more).toBe(true);
      const next = await fresh.get(
        `/api/v1/partners?limit=2&starting_after=${first.body.data[1].id}`,
        { key },
      );
      expect(next.body.data.map((p: { id: string }) => p.id)).toEqual([
        pending.id,
        fresh.partner.id,
      ]);
      expect(next.body.has_more).toBe(false);
    } finally {
      await fresh.close();
    }
  });
});
