// What kind of key a page carries, read the way the snippet reads it (checkPublishableKey in
// snippet/protocol.ts). Secret keys arrive here already masked (`sk_live_…abcd`) by the content
// script, so they are recognised by their prefix before the full format is checked.
import { checkPublishableKey } from "../../snippet/protocol";

export type KeyClass =
  | { kind: "missing" }
  | { kind: "publishable"; mode: "test" | "live" }
  | { kind: "secret" }
  | { kind: "malformed" };

export function classifyKey(value: string | null | undefined): KeyClass {
  if (value?.trim().startsWith("sk_")) return { kind: "secret" };
  const check = checkPublishableKey(value);
  if (check.ok) return { kind: "publishable", mode: check.mode };
  return { kind: check.problem === "secret" ? "secret" : check.problem };
}

/** Any key-shaped token (public or secret) inside a longer text. */
export const KEY_TOKEN = /\b(?:pk|sk)_(?:test|live)_[A-Za-z0-9]{24,}/g;
export const SECRET_KEY_TOKEN = /\bsk_(?:test|live)_[A-Za-z0-9]{24,}/g;
