// Password guessing is bounded twice: per account (someone trying one merchant's e-mail from
// many addresses) and per address (one machine trying many accounts). Every attempt takes a
// point from both before the password is checked, so racing attempts cannot slip past the limit;
// a successful sign-in gives them back. In memory for one process, on Redis (shared by every
// process) when the server has one.
import type { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";

const SIGN_IN_WINDOW_SECONDS = 15 * 60;
export const ATTEMPTS_PER_ACCOUNT = 10;
export const ATTEMPTS_PER_ADDRESS = 50;

type SignInAllowance = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface SignInLimits {
  /** Takes one attempt from the account's and the address's allowance. */
  attempt(email: string, address: string): Promise<SignInAllowance>;
  /** The password was right: the account starts afresh, and the address gets its point back. */
  succeeded(email: string, address: string): Promise<void>;
}

function limiter(points: number, keyPrefix: string, redis: Redis | undefined): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration: SIGN_IN_WINDOW_SECONDS, keyPrefix });
  if (!redis) return memory;
  return new RateLimiterRedis({
    storeClient: redis,
    points,
    duration: SIGN_IN_WINDOW_SECONDS,
    keyPrefix,
    // Not connected: straight to memory, without sending a command that cannot be answered.
    rejectIfRedisNotReady: true,
    // Redis gone: each process keeps limiting on its own rather than letting guesses through.
    insuranceLimiter: memory,
  });
}

async function take(limit: RateLimiterAbstract, key: string): Promise<number | undefined> {
  try {
    await limit.consume(key, 1);
    return undefined;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    }
    throw rejection;
  }
}

export function createSignInLimits(
  options: { redis?: Redis; keyPrefix?: string } = {},
): SignInLimits {
  const prefix = options.keyPrefix ?? "selgeo:signin";
  const perAccount = limiter(ATTEMPTS_PER_ACCOUNT, `${prefix}:account`, options.redis);
  const perAddress = limiter(ATTEMPTS_PER_ADDRESS, `${prefix}:address`, options.redis);
  return {
    async attempt(email, address) {
      const [account, from] = await Promise.all([
        take(perAccount, email),
        take(perAddress, address),
      ]);
      const wait = Math.max(account ?? 0, from ?? 0);
      return wait > 0 ? { allowed: false, retryAfterSeconds: wait } : { allowed: true };
    },
    async succeeded(email, address) {
      await Promise.all([perAccount.delete(email), perAddress.reward(address, 1)]);
    },
  };
}
