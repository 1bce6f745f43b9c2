// What reaches a terminal from outside: page titles, URLs, CSP policies, bundle files, Stripe
// metadata. Control characters in them could move the cursor, recolour or rewrite earlier lines
// (ANSI escapes), ring bells or reverse text (bidi overrides) — so they are removed before
// anything is printed, whatever command prints it.

/**
 * C0 controls except tab and newline, DEL, C1 controls, and the bidi embedding/override/isolate
 * marks ("Trojan Source"). A carriage return goes too: it lets a line overwrite what came before.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every unsafe character removed; newlines and tabs kept. */
export function forTerminal(text: string): string {
  return text.replace(UNSAFE, "");
}

/**
 * JSON text safe to print: JSON.stringify already escapes C0 controls; C1 controls and bidi
 * marks are escaped the same way (`\u202e`), so the JSON still parses to the same value.
 */
export function jsonForTerminal(json: string): string {
  return json.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
