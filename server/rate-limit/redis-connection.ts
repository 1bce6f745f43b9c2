// The Redis connection the click rate limit is shared through (limiter.ts). Redis is not where
// anything is stored, so when it fails or goes silent each process limits on its own in memory
// and Redis is taken back when it answers again. What keeps a click from waiting on Redis:
//   - a command unanswered after COMMAND_TIMEOUT_MS fails (the limiter then answers from
//     memory); while disconnected, commands fail at once (no offline queue) and the limiter
//     does not even try (rejectIfRedisNotReady);
//   - a silent connection is not waited on twice: a ping every WATCHDOG_EVERY_MS that goes
//     unanswered drops the connection, so later clicks go straight to memory while ioredis
//     reconnects in the background (at most every RECONNECT_MAX_MS);
//   - TCP keepalive notices a dead peer of an idle connection.
// At start Redis must answer within CONNECT_TIMEOUT_MS, or the start fails naming it.
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { UnreachableError } from "../lib/unreachable";

/** Redis answers in well under a millisecond; this much silence means it is not answering. */
export const COMMAND_TIMEOUT_MS = 500;
export const CONNECT_TIMEOUT_MS = 3000;
const WATCHDOG_EVERY_MS = 1000;
const RECONNECT_MAX_MS = 2000;
const KEEPALIVE_DELAY_MS = 5000;

export interface RedisConnection {
  redis: Redis;
  close(): void;
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export async function connectRedis(url: string, logger: Logger): Promise<RedisConnection> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // A connection let go of is destroyed after this long if Redis does not close it: a silent
    // one would otherwise keep a process that cannot start from exiting.
    disconnectTimeout: COMMAND_TIMEOUT_MS,
    keepAlive: KEEPALIVE_DELAY_MS,
    retryStrategy: (attempt) => Math.min(attempt * 200, RECONNECT_MAX_MS),
  });
  let lastError: Error | undefined;
  let lost = false;
  redis.on("error", (error: Error) => {
    lastError = error;
    // One line per outage, not one per reconnection attempt.
    if (!lost) logger.warn({ err: error }, "Redis unavailable: clicks are rate-limited in memory");
    lost = true;
  });
  redis.on("ready", () => {
    if (lost) logger.info("Redis answers again: the rate limit is shared again");
    lost = false;
  });

  try {
    await withDeadline(redis.connect(), CONNECT_TIMEOUT_MS, "no answer");
  } catch (error) {
    redis.disconnect();
    // ioredis rejects with "Connection is closed."; the reason is the error it emitted.
    throw new UnreachableError("Redis", url, lastError ?? error);
  }

  const watchdog = setInterval(() => {
    if (redis.status !== "ready") return;
    redis.ping().catch((error: Error) => {
      if (redis.status !== "ready") return;
      if (!lost)
        logger.warn(
          { err: error },
          "Redis is silent: reconnecting; clicks are rate-limited in memory",
        );
      lost = true;
      redis.disconnect(true);
    });
  }, WATCHDOG_EVERY_MS);
  watchdog.unref();

  return {
    redis,
    close() {
      clearInterval(watchdog);
      redis.disconnect();
    },
  };
}
