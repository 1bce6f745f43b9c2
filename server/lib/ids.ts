import { randomBytes } from "node:crypto";

const BASE62 = Buffer.from(
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
  "latin1",
);

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
function writeRandomBase62(target: Buffer, from: number, to: number): void {
  for (let at = from; at < to; ) {
    const byte = nextRandomByte();
    if (byte < 248) target[at++] = BASE62[byte % 62]!;
  }
}

export function randomBase62(length: number): string {
  const out = Buffer.allocUnsafe(length);
  writeRandomBase62(out, 0, length);
  return out.toString("latin1");
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
  | "evt"
  | "usr"
  | "ses"
  | "sigf"
  | "po"
  | "adj"
  | "we"
  | "wev"
  | "wdl"
  | "wat";

/** Milliseconds since 1970 as 8 base62 characters (enough until the year 8900), sortable. */
function writeTimePrefix(target: Buffer, ms: number): void {
  let rest = ms;
  for (let at = 7; at >= 0; at--) {
    target[at] = BASE62[rest % 62]!;
    rest = Math.floor(rest / 62);
  }
}

/** Ids are built here byte by byte and read out once: cheaper than 24 string concatenations. */
const scratch = Buffer.alloc(24);

/**
 * `clk_` + 8 characters of time + 16 random base62 characters (95 bits: unguessable). Only
 * letters, digits and `_`, so a click id is a valid Stripe `client_reference_id`. The time
 * prefix makes new ids sort after old ones: inserts append to the primary-key index instead of
 * touching random pages, which is most of the cost of writing a row.
 */
export function newId(prefix: IdPrefix): string {
  writeTimePrefix(scratch, Date.now());
  writeRandomBase62(scratch, 8, 24);
  return `${prefix}_${scratch.toString("latin1")}`;
}
