// Clicks per network address within a program's window, for the fraud signal "many clicks from
// one network address in a short time" (docs/fraud.md). A counter, not a table: the rate
// limiters' infrastructure (rate-limiter-flexible, in memory or on Redis so every process counts
// into one number) with a limit nothing reaches, read for its count. One counter per window
// length, since programs may set their own; its window is fixed, starting at the network's first
// click, as the limiters' are. When Redis cannot answer, each process counts on its own (an
// undercount, never a failed click).
import type { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";

export interface NetworkClickCounter {
  /** Counts one click of `subject` in windows of `minutes`; the window's count, this one included. */
  count(subject: string, minutes: number): Promise<number>;
}

export interface NetworkClickCounterOptions {
  redis?: Redis;
  keyPrefix?: string;
}

/** Never refused: the count is all that is read. */
const UNLIMITED = Number.MAX_SAFE_INTEGER;

export function createNetworkClickCounter(
  options: NetworkClickCounterOptions = {},
): NetworkClickCounter {
  const counters = new Map<number, RateLimiterAbstract>();
  const counterOf = (minutes: number): RateLimiterAbstract => {
    let counter = counters.get(minutes);
    if (!counter) {
      const duration = minutes * 60;
      const keyPrefix = `${options.keyPrefix ?? "selgeo:rl"}:network:${minutes}`;
      counter = options.redis
        ? new RateLimiterRedis({
            storeClient: options.redis,
            points: UNLIMITED,
            duration,
            keyPrefix,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new RateLimiterMemory({ points: UNLIMITED, duration, keyPrefix }),
          })
        : new RateLimiterMemory({ points: UNLIMITED, duration, keyPrefix });
      counters.set(minutes, counter);
    }
    return counter;
  };
  return {
    async count(subject, minutes) {
      try {
        return (await counterOf(minutes).consume(subject, 1)).consumedPoints;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return rejection.consumedPoints;
        // A signal is never worth a failed click.
        return 0;
      }
    },
  };
}
