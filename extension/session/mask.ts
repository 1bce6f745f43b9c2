// Masks keys wherever they hide in recorded data (attributes, debug events, URLs) before it
// leaves the machine: secret keys always, publishable keys too in a support bundle.
import { maskKey } from "../../server/contract/key-format";
import { KEY_TOKEN, SECRET_KEY_TOKEN } from "../diagnosis/key";

export function maskKeysInText(text: string, which: "secret" | "all"): string {
  const pattern = which === "secret" ? SECRET_KEY_TOKEN : KEY_TOKEN;
  return text.replace(new RegExp(pattern.source, "g"), (key) => maskKey(key));
}

/** A deep copy of JSON-like `value` with every key in every string masked. */
export function maskKeysDeep<T>(value: T, which: "secret" | "all"): T {
  if (typeof value === "string") return maskKeysInText(value, which) as T;
  if (Array.isArray(value)) return value.map((v) => maskKeysDeep(v, which)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, maskKeysDeep(v, which)]),
    ) as T;
  }
  return value;
}
