import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../support/harness";

describe("programs: errors", () => {
  let h: Harness;
  let sk: string;
  beforeAll(async () => {
    h = await createHarness();
    sk = h.merchant.keys.sk_test;
  });
  afterAll(async () => h.close());

  const valid = { name: "P", commission: { type: "percent", percent: 20 } };

  it.each([
    ["missing name", { commission: valid.commission }, "name"],
    ["empty name", { ...valid, name: "  " }, "name"],
    ["control characters in name", { ...valid, name: "a\u0007b" }, "name"],
    ["missing commission", { name: "P" }, "commission"],
    ["window 0 days", { ...valid, attribution_window_days: 0 }, "attribution_window_days"],
    ["window 366 days", { ...valid, attribution_window_days: 366 }, "attribution_window_days"],
    ["fractional window", { ...valid, attribution_window_days: 1.5 }, "attribution_window_days"],
    ["window as a string", { ...valid, attribution_window_days: "30" }, "attribution_window_days"],
    ["percent 0", { ...valid, commission: { type: "percent", percent: 0 } }, "commission.percent"],
    [
      "percent over 100",
      { ...valid, commission: { type: "percent", percent: 100.5 } },
      "commission.percent",
    ],
    [
      "negative percent",
      { ...valid, commission: { type: "percent", percent: -5 } },
      "commission.percent",
    ],
    ["unknown commission type", { ...valid, commission: { type: "tiered" } }, "commission.type"],
    [
      "flat without currency",
      { ...valid, commission: { type: "flat", amount_cents: 500 } },
      "commission.currency",
    ],
    [
      "flat with unknown currency",
      { ...valid, commission: { type: "flat", amount_cents: 500, currency: "XYZ" } },
      "commission.currency",
    ],
    [
      "flat with fractional cents",
      { ...valid, commission: { type: "flat", amount_cents: 5.5, currency: "EUR" } },
      "commission.amount_cents",
    ],
    [
      "flat with zero cents",
      { ...valid, commission: { type: "flat", amount_cents: 0, currency: "EUR" } },
      "commission.amount_cents",
    ],
    [
      "flat with an absurd amount",
      { ...valid, commission: { type: "flat", amount_cents: 1e15, currency: "EUR" } },
      "commission.amount_cents",
    ],
    ["negative recurring months", { ...valid, recurring_months: -1 }, "recurring_months"],
    ["121 recurring months", { ...valid, recurring_months: 121 }, "recurring_months"],
    ["unknown attribution model", { ...valid, attribution_model: "linear" }, "attribution_model"],
    [
      "a trial bounty of zero",
      { ...valid, trial_bounty: { amount_cents: 0, currency: "EUR" } },
      "trial_bounty.amount_cents",
    ],
    [
      "a trial bounty without currency",
      { ...valid, trial_bounty: { amount_cents: 500 } },
      "trial_bounty.currency",
    ],
    [
      "shipping in the base as a string",
      { ...valid, commission_base_includes_shipping: "yes" },
      "commission_base_includes_shipping",
    ],
  ])("400 VALIDATION_ERROR naming the field: %s", async (_name, body, field) => {
    const res = await h.post("/api/v1/programs", { key: sk, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(res.body.error.details.fields).toHaveProperty([field]);
  });

  it("refuses unknown fields instead of ignoring a typo", async () => {
    const res = await h.post("/api/v1/programs", {
      key: sk,
      body: { ...valid, attribution_window: 10 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(res.body.error.message).toContain("attribution_window");
  });

  it("400 INVALID_JSON for a broken body", async () => {
    const res = await h.post("/api/v1/programs", {
      key: sk,
      rawBody: '{"name": "P",',
      headers: { "Content-Type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("INVALID_JSON");
  });

  it("413 for a body over 16 KiB", async () => {
    const res = await h.post("/api/v1/programs", {
      key: sk,
      body: { ...valid, name: "x".repeat(20_000) },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("404 NOT_FOUND for an unknown program, on get and on update", async () => {
    const get = await h.get("/api/v1/programs/prg_doesnotexist", { key: sk });
    expect(get.status).toBe(404);
    expect(get.body.error.code).toBe("NOT_FOUND");
    const patch = await h.patch("/api/v1/programs/prg_doesnotexist", {
      key: sk,
      body: { name: "x" },
    });
    expect(patch.status).toBe(404);
    expect(patch.body.error.code).toBe("NOT_FOUND");
  });

  it("validates a partial update like a create, and changes nothing on failure", async () => {
    const res = await h.patch(`/api/v1/programs/${h.program.id}`, {
      key: sk,
      body: { name: "Renamed", attribution_window_days: 0 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields).toHaveProperty(["attribution_window_days"]);
    const read = await h.get(`/api/v1/programs/${h.program.id}`, { key: sk });
    expect(read.body.name).toBe(h.program.name);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=abc", "limit"],
    ["starting_after=prg_unknown", "starting_after"],
  ])("list: 400 VALIDATION_ERROR for %s", async (query, field) => {
    const res = await h.get(`/api/v1/programs?${query}`, { key: sk });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(res.body.error.details.fields).toHaveProperty([field]);
  });

  it("list: another merchant's program id is not a valid cursor", async () => {
    const other = await h.otherMerchant();
    const theirs = await h.post("/api/v1/programs", { key: other.keys.sk_test, body: valid });
    const res = await h.get(`/api/v1/programs?starting_after=${theirs.body.id}`, { key: sk });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields).toHaveProperty(["starting_after"]);
  });
});
