// The shared list pagination on both engines: newest first, ties on created_at broken by id,
// every row exactly once across pages, the cursor resolved within the caller's scope.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paginate, UnknownCursor } from "../../../server/store/paginate";
import { scoped } from "../../../server/store/tenant";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";
import { insertCommission } from "../../support/rows";

const dialects = await dialectsUnderTest();

describe.each(dialects)("pagination on $dialect", ({ dialect, available }) => {
  let h: Harness;
  /** Expected order: created_at desc, then id desc. */
  let expected: string[];
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    const rows = [];
    // Three rows per instant, so most page boundaries fall inside a tie.
    for (let i = 0; i < 12; i++) {
      rows.push(
        await insertCommission(h, { mode: "test", status: i % 2 ? "reversed" : "pending" }),
      );
      if (i % 3 === 2) h.clock.advance(1000);
    }
    await insertCommission(h, { mode: "live" });
    expected = rows
      .sort((x, y) =>
        x.created_at === y.created_at
          ? Number(x.id < y.id) - Number(x.id > y.id)
          : Number(x.created_at < y.created_at) - Number(x.created_at > y.created_at),
      )
      .map((row) => row.id);
  });
  afterAll(async () => h?.close());

  const scope = () =>
    scoped(h.services.store.db, { merchantId: h.merchant.merchant_id, mode: "test" });

  it.runIf(available)("returns every row once, in order, whatever the page size", async () => {
    const all = await paginate(scope(), "commissions", { limit: 100 });
    // The database's own text order decides ties; both engines must agree with themselves.
    expect(all.data.map((r) => r.id)).toHaveLength(12);
    expect(new Set(all.data.map((r) => r.created_at)).size).toBe(4);
    const order = all.data.map((r) => r.id);
    if (dialect === "sqlite") expect(order).toEqual(expected);
    for (const limit of [1, 2, 3, 5, 12]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      for (;;) {
        const page = await paginate(scope(), "commissions", {
          limit,
          starting_after: cursor,
        });
        pages++;
        seen.push(...page.data.map((r) => r.id));
        if (!page.has_more) break;
        cursor = page.data.at(-1)?.id;
      }
      expect(seen, `limit ${limit}`).toEqual(order);
      expect(pages).toBe(Math.max(1, Math.ceil(12 / limit)));
    }
  });

  it.runIf(available)("filters apply to every page; the cursor needs only the scope", async () => {
    const reversed = await paginate(scope(), "commissions", { limit: 100 }, { status: "reversed" });
    expect(reversed.data).toHaveLength(6);
    const pending = await paginate(
      scope(),
      "commissions",
      { limit: 100 },
      {
        status: "pending",
      },
    );
    // A pending row's id still positions a page of reversed rows.
    const after = pending.data[0]!;
    const page = await paginate(
      scope(),
      "commissions",
      { limit: 100, starting_after: after.id },
      { status: "reversed" },
    );
    expect(page.data.every((r) => r.status === "reversed")).toBe(true);
    expect(page.data.every((r) => r.created_at <= after.created_at)).toBe(true);
  });

  it.runIf(available)("a cursor from outside the scope is an UnknownCursor", async () => {
    const live = await paginate(
      scoped(h.services.store.db, { merchantId: h.merchant.merchant_id, mode: "live" }),
      "commissions",
      { limit: 1 },
    );
    await expect(
      paginate(scope(), "commissions", {
        limit: 10,
        starting_after: live.data[0]!.id,
      }),
    ).rejects.toBeInstanceOf(UnknownCursor);
  });
});
