import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialectsUnderTest } from "../../../support/dialects";
import { createHarness, type Harness } from "../../../support/harness";

const dialects = await dialectsUnderTest();

describe.each(dialects)("API key management refusals on $dialect", ({ dialect, available }) => {
  let h: Harness;
  beforeAll(async () => {
    if (available) h = await createHarness({ dialect });
  });
  afterAll(async () => h?.close());

  it.runIf(available)("a key of the other mode, or of no one, is not found", async () => {
    const live = await h.get("/api/v1/keys", { key: h.merchant.keys.sk_live });
    const liveId = live.body.data[0].id;
    for (const id of [liveId, "key_doesnotexist"]) {
      const res = await h.post(`/api/v1/keys/${id}/rotate`, { key: h.merchant.keys.sk_test });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("NOT_FOUND");
    }
  });

  it.runIf(available)(
    "a revoked key cannot be rotated; revoking it again answers as it is",
    async () => {
      const created = await h.post("/api/v1/keys", {
        key: h.merchant.keys.sk_test,
        body: { kind: "pk" },
      });
      const first = await h.post(`/api/v1/keys/${created.body.id}/revoke`, {
        key: h.merchant.keys.sk_test,
      });
      const again = await h.post(`/api/v1/keys/${created.body.id}/revoke`, {
        key: h.merchant.keys.sk_test,
      });
      expect(again.body.revoked_at).toBe(first.body.revoked_at);
      const rotate = await h.post(`/api/v1/keys/${created.body.id}/rotate`, {
        key: h.merchant.keys.sk_test,
      });
      expect(rotate.status).toBe(400);
      expect(rotate.body.error.code).toBe("VALIDATION_ERROR");
    },
  );

  it.runIf(available)("names a bad kind", async () => {
    const res = await h.post("/api/v1/keys", {
      key: h.merchant.keys.sk_test,
      body: { kind: "rk" },
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.details.fields)).toEqual(["kind"]);
  });

  it.runIf(available)("two racing rotations of one key issue exactly one new key", async () => {
    const created = await h.post("/api/v1/keys", {
      key: h.merchant.keys.sk_live,
      body: { kind: "sk" },
    });
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        h.post(`/api/v1/keys/${created.body.id}/rotate`, { key: h.merchant.keys.sk_live }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400, 400]);
    const list = await h.get("/api/v1/keys?limit=100", { key: h.merchant.keys.sk_live });
    const active = list.body.data.filter((k: any) => k.kind === "sk" && k.revoked_at === null);
    expect(active).toHaveLength(2);
  });
});
