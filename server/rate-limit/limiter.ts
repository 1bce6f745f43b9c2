// The public-key rate limit (DESIGN.md: 1,000 requests per minute per public key). In memory for
// one process; on Redis when several processes must share one limit.
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
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { points, durationSeconds: duration } = options;
  const memory = new RateLimiterMemory({ points, duration });
  const limiter: RateLimiterAbstract = options.redis
    ? new RateLimiterRedis({
        storeClient: options.redis,
        points,
        duration,
        keyPrefix: options.keyPrefix ?? "selgeo:rl",
        // If Redis goes away, each process keeps limiting on its own rather than failing open
        // to unlimited or refusing every click.
        insuranceLimiter: memory,
      })
    : memory;

  return {
    async consume(subject) {
      try {
        const res = await limiter.consume(subject, 1);
        return {
          allowed: true,
          limit: points,
          windowSeconds: duration,
          remaining: res.remainingPoints,
          resetSeconds: Math.ceil(res.msBeforeNext / 1000),
        };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return {
            allowed: false,
            limit: points,
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
