// A click the snippet retries after its requests failed in the browser (snippet/pending.ts)
// carries failed_attempts and first_failed_at: the click is recorded as any other, and the
// failure beside it, once per click, so integration health can count failed clicks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countClickFailures } from "../../../../server/clicks/failures";
import { scoped } from "../../../../server/store/tenant";
import { dialectsUnderTest } from "../../../support/dialects";
import { BROWSER_USER_AGENT, createHarness, type Harness } from "../../../support/harness";

const dialects = await dialectsUnderTest();

describe.each(dialects)(
  "POST /api/v1/clicks with a browser failure ($dialect)",
  ({ dialect, available }) => {
    let h: Harness;
    beforeAll(async () => {
      if (available) h = await createHarness({ dialect });
    });
    afterAll(async () => h?.close());

    const retried = (body: Record<string, unknown>, ip: string) =>
      h.post("/api/v1/clicks", {
        rawBody: JSON.stringify({ key: h.merchant.keys.pk_test, ref: "demo", ...body }),
        headers: {
          "Content-Type": "text/plain",
          "X-Forwarded-For": ip,
          "User-Agent": BROWSER_USER_AGENT,
        },
      });
    const failures = () => h.services.store.db.selectFrom("click_failures").selectAll().execute();
    const scope = (mode: "test" | "live" = "test") =>
      scoped(h.services.store.db, { merchantId: h.merchant.merchant_id, mode });

    it.runIf(available)(
      "records the click and, beside it, how many requests failed and since when",
      async () => {
        const since = h.clock.now().toISOString();
        const first = "2026-01-02T03:04:05.000Z";
        const res = await retried({ failed_attempts: 3, first_failed_at: first }, "198.51.100.10");
        expect(res.status).toBe(201);
        expect(await failures()).toEqual([
          {
            click_id: res.body.click_id,
            merchant_id: h.merchant.merchant_id,
            mode: "test",
            partner_id: h.partner.id,
            failed_attempts: 3,
            first_failed_at: first,
            recovered_at: h.clock.now().toISOString(),
          },
        ]);
        // The same retry sent twice (at pagehide, then on the next load) is one failed click.
        const again = await retried(
          { failed_attempts: 4, first_failed_at: first },
          "198.51.100.10",
        );
        expect(again.body.click_id).toBe(res.body.click_id);
        expect(await countClickFailures(scope(), since)).toEqual({
          clicks: 1,
          failedAttempts: 4,
        });
        // A click that never failed adds nothing; the other mode sees none.
        await retried({}, "198.51.100.11");
        expect(await failures()).toHaveLength(1);
        expect(await countClickFailures(scope("live"), since)).toEqual({
          clicks: 0,
          failedAttempts: 0,
        });
      },
    );

    it.runIf(available)(
      "refuses a malformed failure report with the contract's VALIDATION_ERROR",
      async () => {
        for (const body of [
          { failed_attempts: 0 },
          { failed_attempts: "2" },
          { failed_attempts: 2, first_failed_at: "yesterday" },
        ]) {
          const res = await retried(body, "198.51.100.12");
          expect(res.status).toBe(400);
          expect(res.body.error.code).toBe("VALIDATION_ERROR");
        }
      },
    );
  },
);
