// What a visit does with the stored click and the ref in its URL (DESIGN.md § Snippet and the
// program's attribution_model). Pure so every case is unit-tested without a browser.
import type { StoredClick } from "./protocol";

/** `click` is the visitor's click until (and unless) a recorded one replaces it. */
export type ClickPlan =
  /** No ref in the URL: nothing is sent; a stored click (if any) stays in use. */
  | { action: "idle"; click: StoredClick | null }
  /** Same ref as the stored click (a reload, a second visit): reuse it, send nothing. */
  | { action: "reuse"; click: StoredClick; ref: string }
  /** Another ref, but the stored click came from a first_click program: it wins until it expires. */
  | { action: "keep"; click: StoredClick; ref: string }
  /** Nothing stored, or another ref under last_click: record a click for this ref. */
  | { action: "record"; click: StoredClick | null; ref: string };

/** `stored` must already be unexpired and of the key's mode (see storage.ts). */
export function planClick(stored: StoredClick | null, ref: string | null): ClickPlan {
  if (!ref) return { action: "idle", click: stored };
  if (!stored) return { action: "record", click: null, ref };
  if (stored.ref === ref) return { action: "reuse", click: stored, ref };
  if (stored.attribution_model === "first_click") return { action: "keep", click: stored, ref };
  return { action: "record", click: stored, ref };
}
