// The click path's rate limits, arranged so that nobody but the merchant's own visitors can spend
// the merchant's click budget (DESIGN.md: 1,000 click requests per minute per publishable key):
//   - requests from origins the merchant refuses (answered 403) are counted in a budget of their
//     own per key: a flood of them from anywhere is refused with 429 once it is spent, and the
//     merchant's pages go on recording clicks;
//   - requests from allowed origins first pass a cap per visitor address and key, so one address
//     (a script) cannot spend the key's budget either, then the key's budget itself.
// Each budget is a rate limiter of its own (limiter.ts): in memory, or on Redis with the same
// fall-back to memory. The visitor's address is hashed before it becomes a counter's name, so
// Redis never holds an address.
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { CLICK_BUDGETS } from "../contract/schemas/error-details";
import { createRateLimiter, type RateLimiter, type RateLimitResult } from "./limiter";

/** One visitor's clicks per key per window: far above a person's, far below the key's budget. */
export const VISITOR_CLICKS_PER_MINUTE = 60;

export type BudgetSpent = (typeof CLICK_BUDGETS)[number];

export interface ClickBudget extends RateLimitResult {
  /** Which budget refused the request, when one did. */
  spent: BudgetSpent | undefined;
}

export interface ClickBudgets {
  /** A request from an origin the key's merchant refuses: its own budget, nothing else. */
  refusedOrigin(keyId: string): Promise<ClickBudget>;
  /** A request from an allowed origin: the visitor's cap, then the key's budget. */
  allowedOrigin(keyId: string, visitorAddress: string): Promise<ClickBudget>;
}

export interface ClickBudgetsOptions {
  /** The key's budget per window (RATE_LIMIT_PER_MINUTE). */
  points: number;
  durationSeconds: number;
  /** Requests from refused origins per key and window; the key's budget by default. */
  refusedOriginPoints?: number;
  /** Requests per visitor address, key and window. */
  visitorPoints?: number;
  redis?: Redis;
  keyPrefix?: string;
  /** How many processes share `redis` (limiter.ts). */
  processes?: number;
}

function visitorSubject(keyId: string, address: string): string {
  return `${keyId}:${createHash("sha256").update(`${keyId}\n${address}`).digest("hex").slice(0, 24)}`;
}

export function createClickBudgets(options: ClickBudgetsOptions): ClickBudgets {
  const prefix = options.keyPrefix ?? "selgeo:rl";
  const limiter = (points: number, name: string): RateLimiter =>
    createRateLimiter({
      points,
      durationSeconds: options.durationSeconds,
      keyPrefix: name ? `${prefix}:${name}` : prefix,
      ...(options.redis ? { redis: options.redis } : {}),
      ...(options.processes ? { processes: options.processes } : {}),
    });
  // The key's budget keeps limiter.ts's counter names, so it is the same counter as before.
  const key = limiter(options.points, "");
  const refused = limiter(options.refusedOriginPoints ?? options.points, "refused-origin");
  const visitor = limiter(options.visitorPoints ?? VISITOR_CLICKS_PER_MINUTE, "visitor");

  const spentBy = (result: RateLimitResult, name: BudgetSpent): ClickBudget => ({
    ...result,
    spent: result.allowed ? undefined : name,
  });

  return {
    async refusedOrigin(keyId) {
      return spentBy(await refused.consume(keyId), "refused-origins");
    },
    async allowedOrigin(keyId, visitorAddress) {
      const own = await visitor.consume(visitorSubject(keyId, visitorAddress));
      if (!own.allowed) return spentBy(own, "visitor");
      return spentBy(await key.consume(keyId), "key");
    },
  };
}
