// Key format shared by the server, the snippet and the extension. Pure: no I/O, no imports,
// so the snippet can bundle it without growing.

export type KeyKind = "pk" | "sk";
/** Every key, and everything it reads or writes, is in one of these. */
export const MODES = ["test", "live"] as const;
export type Mode = (typeof MODES)[number];

export interface ParsedKey {
  kind: KeyKind;
  mode: Mode;
  /** The whole key as given. */
  key: string;
}

/** `<pk|sk>_<test|live>_` + at least 24 base62 characters (DESIGN.md § Keys and modes). */
export const KEY_PATTERN = /^(pk|sk)_(test|live)_[A-Za-z0-9]{24,}$/;

/** Keys longer than this are refused before any work is done on them. */
export const KEY_MAX_LENGTH = 128;

export function parseKey(value: unknown): ParsedKey | null {
  if (typeof value !== "string" || value.length > KEY_MAX_LENGTH) return null;
  const match = KEY_PATTERN.exec(value);
  if (!match) return null;
  return { kind: match[1] as KeyKind, mode: match[2] as Mode, key: value };
}

/** `pk_test_abc…xyz` → `pk_test_…wxyz`: enough to tell keys apart in logs and bundles. */
export function maskKey(value: string): string {
  const prefix = /^(pk|sk|whsec)_((test|live)_)?/.exec(value)?.[0] ?? "";
  if (value.length <= prefix.length + 4) return `${prefix}…`;
  return `${prefix}…${value.slice(-4)}`;
}
