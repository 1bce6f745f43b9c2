import { createHash, timingSafeEqual } from "node:crypto";
import type { KeyKind, Mode } from "../contract/key-format";
import { randomBase62 } from "../lib/ids";

export function generateKey(kind: KeyKind, mode: Mode): string {
  return `${kind}_${mode}_${randomBase62(32)}`;
}

export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Compares two hex digests without leaking, through timing, how much of them matched. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}
