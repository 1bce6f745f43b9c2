import { randomBytes } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// Random bytes are drawn from the CSPRNG in blocks: one system call per block instead of one
// per id, on a path (request ids, click ids) taken by every request.
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let poolOffset = 0;

function nextRandomByte(): number {
  if (poolOffset === POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  return pool[poolOffset++]!;
}

/** Unbiased random base62: bytes ≥ 248 are discarded so every character is equally likely. */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    const byte = nextRandomByte();
    if (byte < 248) out += BASE62[byte % 62];
  }
  return out;
}

export type IdPrefix =
  | "mer"
  | "key"
  | "prg"
  | "prt"
  | "clk"
  | "conv"
  | "com"
  | "rfd"
  | "aud"
  | "req"
  | "evt";

/** Milliseconds since 1970 as 8 base62 characters (enough until the year 8900), sortable. */
function timePrefix(ms: number): string {
  let out = "";
  let rest = ms;
  for (let i = 0; i < 8; i++) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

/**
 * `clk_` + 8 characters of time + 16 random base62 characters (95 bits: unguessable). Only
 * letters, digits and `_`, so a click id is a valid Stripe `client_reference_id`. The time
 * prefix makes new ids sort after old ones: inserts append to the primary-key index instead of
 * touching random pages, which is most of the cost of writing a row.
 */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${timePrefix(Date.now())}${randomBase62(16)}`;
}
