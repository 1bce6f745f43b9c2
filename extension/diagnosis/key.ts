// What kind of key a page carries, from its text alone. Secret keys arrive here already masked
// (`sk_live_…abcd`), so they are recognised by their prefix, not by the full key format.
import { parseKey } from "../../server/contract/key-format";

export type KeyClass =
  | { kind: "missing" }
  | { kind: "publishable"; mode: "test" | "live" }
  | { kind: "secret"; mode: "test" | "live" }
  | { kind: "malformed" };

const SECRET_PREFIX = /^sk_(test|live)_/;

export function classifyKey(value: string | null | undefined): KeyClass {
  if (value === null || value === undefined || value.trim() === "") return { kind: "missing" };
  const secret = SECRET_PREFIX.exec(value);
  if (secret) return { kind: "secret", mode: secret[1] as "test" | "live" };
  const parsed = parseKey(value);
  if (parsed?.kind === "pk") return { kind: "publishable", mode: parsed.mode };
  return { kind: "malformed" };
}

/** Any key-shaped token (public or secret) inside a longer text. */
export const KEY_TOKEN = /\b(?:pk|sk)_(?:test|live)_[A-Za-z0-9]{24,}/g;
export const SECRET_KEY_TOKEN = /\bsk_(?:test|live)_[A-Za-z0-9]{24,}/g;
