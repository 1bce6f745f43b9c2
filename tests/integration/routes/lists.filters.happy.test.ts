import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convert } from "../../support/conversions";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";

const dialects = await dialectsUnderTest();

describe.each(dialects)("list filters on $dialect", ({ dialect, available }) => {
  let h: Harness;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    for (const [day, ip] of [
      ["2026-03-01", "1"],
      ["2026-03-02", "2"],
      ["2026-03-03", "3"],
    ] as const) {
      h.clock.set(`${day}T12:00:00.000Z`);
      const click = await h.click("demo", { ip: `198.51.100.${ip}` });
      ids[`click ${day}`] = click.body.click_id;
      const conv = await convert(h, {
        click_id: day === "2026-03-02" ? null : click.body.click_id,
      });
      ids[`conversion ${day}`] = conv.body.id;
    }
  });
  afterAll(async () => h?.close());

  const list = async (path: string) => {
    const res = await h.get(path, { key: h.merchant.keys.sk_test });
    expect(res.status, res.text).toBe(200);
    return res.body.data.map((o: any) => o.created_at.slice(0, 10));
  };

  it.runIf(available)(
    "created[gte] and created[lt] bound clicks, conversions, commissions and the audit log",
    async () => {
      const range = "created[gte]=2026-03-02&created[lt]=2026-03-03T00:00:00Z";
      expect(await list(`/api/v1/clicks?${range}`)).toEqual(["2026-03-02"]);
      expect(await list(`/api/v1/conversions?${range}`)).toEqual(["2026-03-02"]);
      expect(await list("/api/v1/commissions?created[gte]=2026-03-02")).toEqual(["2026-03-03"]);
      expect(await list(`/api/v1/audit-log?${range}`)).toEqual(["2026-03-02"]);
      // Offsets are honoured: 2026-03-02T13:00+02:00 is 11:00 UTC, before the noon click.
      expect(await list("/api/v1/clicks?created[gte]=2026-03-02T13:00:00%2B02:00")).toEqual([
        "2026-03-03",
        "2026-03-02",
      ]);
    },
  );

  it.runIf(available)("combines the range with the cursor", async () => {
    const first = await h.get("/api/v1/clicks?limit=1&created[lt]=2026-03-03", {
      key: h.merchant.keys.sk_test,
    });
    expect(first.body.has_more).toBe(true);
    const next = await h.get(
      `/api/v1/clicks?limit=1&created[lt]=2026-03-03&starting_after=${first.body.data[0].id}`,
      { key: h.merchant.keys.sk_test },
    );
    expect(next.body.data[0].id).toBe(ids["click 2026-03-01"]);
    expect(next.body.has_more).toBe(false);
  });

  it.runIf(available)("filters conversions by reason and commissions by status", async () => {
    const missing = await h.get("/api/v1/conversions?reason=CLICK_ID_MISSING", {
      key: h.merchant.keys.sk_test,
    });
    expect(missing.body.data.map((c: any) => c.id)).toEqual([ids["conversion 2026-03-02"]]);
    const attributed = await h.get("/api/v1/conversions?reason=ATTRIBUTED", {
      key: h.merchant.keys.sk_test,
    });
    expect(attributed.body.data).toHaveLength(2);
    const pending = await h.get("/api/v1/commissions?status=pending", {
      key: h.merchant.keys.sk_test,
    });
    expect(pending.body.data).toHaveLength(2);
    const reversed = await h.get("/api/v1/commissions?status=reversed", {
      key: h.merchant.keys.sk_test,
    });
    expect(reversed.body.data).toHaveLength(0);
  });
});
