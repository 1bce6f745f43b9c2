import { randomBytes } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Unbiased random base62: bytes ≥ 248 are discarded so every character is equally likely. */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
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

/**
 * `clk_` + 24 base62 characters: 143 bits of randomness (unguessable) and only letters, digits
 * and `_`, so a click id is a valid Stripe `client_reference_id`.
 */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase62(24)}`;
}
