// "Did you mean …?" for a field name the API does not know. A misspelt field must not pass
// silently (a `clickId` instead of `click_id` once cost a sale its attribution), and the refusal
// is kinder when it names the field that was meant.
import { distance } from "fastest-levenshtein";

/**
 * The spelling differences that carry no meaning between JSON conventions: case, and the
 * separators of snake_case, kebab-case and camelCase. `clickId`, `clickID`, `click-id` and
 * `Click_Id` are all `clickid`.
 */
export function normaliseFieldName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * Typos beyond a change of convention: up to one edit in short names, two from eight
 * characters on (`amout_cents`, `curency`), never more than a third of the name, so `id` is no
 * near miss of `ip` and an unrelated field is refused without a suggestion.
 */
function allowedEdits(length: number): number {
  if (length <= 3) return 0;
  return length < 8 ? 1 : 2;
}

/** The known field an unknown one most likely meant, or undefined when none is close. */
export function suggestField(unknown: string, known: readonly string[]): string | undefined {
  const target = normaliseFieldName(unknown);
  if (target === "") return undefined;
  let best: { name: string; edits: number } | undefined;
  for (const name of known) {
    const edits = distance(target, normaliseFieldName(name));
    if (edits > allowedEdits(Math.min(target.length, normaliseFieldName(name).length))) continue;
    if (!best || edits < best.edits) best = { name, edits };
  }
  return best?.name;
}
