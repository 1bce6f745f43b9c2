// What a visit does with the stored click and the ref in its URL (DESIGN.md § Snippet and the
// program's attribution_model). Pure so every case is unit-tested without a browser.
import type { StoredClick } from "./protocol";

/**
 * - idle: no ref in the URL; nothing is sent, a stored click (if any) stays in use.
 * - reuse: the stored click's own ref (a reload, a second visit); nothing is sent.
 * - keep: another ref, but the stored click came from a first_click program: it wins until it
 *   expires; nothing is sent.
 * - record: nothing stored, or another ref under last_click: a click is recorded for the ref.
 *
 * Numbers in the bundle (esbuild inlines enum members), not strings: the size budget.
 */
export enum ClickAction {
  idle,
  reuse,
  keep,
  record,
}

/** `stored` must already be unexpired and of the key's mode (see storage.ts). */
export function planClick(stored: StoredClick | null, ref: string | null): ClickAction {
  return !ref
    ? ClickAction.idle
    : !stored
      ? ClickAction.record
      : stored.ref === ref
        ? ClickAction.reuse
        : stored.attribution_model === "first_click"
          ? ClickAction.keep
          : ClickAction.record;
}
