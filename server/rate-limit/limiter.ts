// The public-key rate limit (DESIGN.md: 1,000 requests per minute per public key). In memory for
// one process; on Redis when several processes must share one limit. When Redis cannot answer
// (redis-connection.ts bounds how long that takes to notice), each process limits in memory to
// its share of the limit, `points / processes`: with the load spread over the processes, the
// deployment still allows about `points` a window (docs/operations.md has the arithmetic).
import type { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  /** The window's length in seconds, for RateLimit-Policy. */
  windowSeconds: number;
  remaining: number;
  /** Seconds until the window resets (at least 1 when refused). */
  resetSeconds: number;
}

export interface RateLimiter {
  consume(subject: string): Promise<RateLimitResult>;
}

export interface RateLimiterOptions {
  points: number;
  durationSeconds: number;
  redis?: Redis;
  keyPrefix?: string;
  /** How many processes share `redis`; each one's allowance while Redis is unreachable. */
  processes?: number;
}

/**
 * The in-memory stand-in used while Redis cannot answer, marking each answer it gives so the
 * caller can report the limit actually applied (RateLimit-Limit must not promise more than this
 * process allows on its own).
 */
function insuranceLimiter(points: number, duration: number, answered: WeakSet<object>) {
  const memory = new RateLimiterMemory({ points, duration });
  const consume = memory.consume.bind(memory);
  memory.consume = async (...args: Parameters<RateLimiterMemory["consume"]>) => {
    try {
      const res = await consume(...args);
      answered.add(res);
      return res;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) answered.add(rejection);
      throw rejection;
    }
  };
  return memory;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { points, durationSeconds: duration } = options;
  const insurancePoints = Math.max(1, Math.ceil(points / (options.processes ?? 1)));
  const fromMemory = new WeakSet<object>();
  const limitOf = (res: RateLimiterRes) => (fromMemory.has(res) ? insurancePoints : points);
  const limiter: RateLimiterAbstract = options.redis
    ? new RateLimiterRedis({
        storeClient: options.redis,
        points,
        duration,
        keyPrefix: options.keyPrefix ?? "selgeo:rl",
        // Not connected: straight to memory, without sending a command that cannot be answered.
        rejectIfRedisNotReady: true,
        // If Redis goes away, each process keeps limiting on its own rather than failing open
        // to unlimited or refusing every click.
        insuranceLimiter: insuranceLimiter(insurancePoints, duration, fromMemory),
      })
    : new RateLimiterMemory({ points, duration });

  return {
    async consume(subject) {
      try {
        const res = await limiter.consume(subject, 1);
        return {
          allowed: true,
          limit: limitOf(res),
          windowSeconds: duration,
          remaining: res.remainingPoints,
          resetSeconds: Math.ceil(res.msBeforeNext / 1000),
        };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return {
            allowed: false,
            limit: limitOf(rejection),
            windowSeconds: duration,
            remaining: 0,
            resetSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
          };
        }
        throw rejection;
      }
    },
  };
}
