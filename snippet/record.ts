// Records the visit's click: stores what the API answered, announces it, and queues and retries
// a click whose request failed in a way that may pass (docs/snippet.md). Runs in selgeo-lazy.js:
// selgeo.js hands the visit over (lazy-contract.ts), with the answer to the request it sent
// itself so that the click never waits for this file.

import { DOCS_BASE_URL } from "../server/contract/errors";
import { FAILED_CLICK_PREFIX } from "../server/contract/failed-click";
import { attempt } from "./attempt";
import { type ClickResult, readAnswer, requestClick } from "./click";
import { ClickAction } from "./click-policy";
import { announce } from "./debug";
import { DebugCode } from "./debug-wire";
import type { Visit } from "./lazy-contract";
import { loadPending, PAGE_RETRIES, retryable, retryDelay, savePending } from "./pending";
import type { PendingClick } from "./protocol";
import { saveClick, saveMarker } from "./storage";

/** The 429's one console.error (in selgeo-lazy.js: a 429 is always queued for a retry). */
export const RATE_LIMIT_MESSAGE = `Selgeo: click not recorded, rate limit exceeded (HTTP 429): 1,000 requests per minute per public key. ${DOCS_BASE_URL}#rate-limited`;

/**
 * `sent`: the request selgeo.js sent for this visit's ref (when nothing was queued). Resolves
 * once the visit is settled for ready().
 */
export function recordVisit(
  [api, key, mode, stored, action, ref, use]: Visit,
  sent?: Promise<Response | undefined>,
): unknown {
  const older = stored ? stored.click_id : null;
  let pending: PendingClick | null = loadPending(mode, Date.now());
  // The partner link to record: this visit's new ref, else a queued one that failed before.
  // A visit back on the stored click's own link (reuse, keep) makes that link the newest.
  const target =
    action === ClickAction.record
      ? ref
      : action === ClickAction.idle && pending
        ? pending.ref
        : null;
  const queue = (next: PendingClick | null) => {
    pending = next;
    savePending(next);
  };
  if (pending && pending.ref !== target) queue(null);
  if (!target) return use(older);

  // While a queued link is unrecorded, its stand-in goes where the click id would (getClickId,
  // the id cookie, Payment Links), so the server can tell the click failed in the browser; the
  // older stored click is withheld: under last_click the newer link is the one that counts, and
  // paying the wrong partner is worse than paying none (docs/snippet.md).
  const failed = () => {
    const marker = FAILED_CLICK_PREFIX + target;
    saveMarker(marker);
    return use(marker);
  };
  pending ? failed() : use(null);
  let tries = 0;
  const answered = ([click, status, code, retryAfter]: ClickResult): unknown => {
    tries++;
    if (click) {
      queue(null);
      saveClick(click);
      announce([DebugCode.click_recorded, click]);
      return use(click.click_id);
    }
    if (status === 429) {
      // The one failure a merchant must hear about: clicks are lost until traffic drops.
      if (tries < 2) console.error(RATE_LIMIT_MESSAGE);
      announce([DebugCode.rate_limited, retryAfter as number | null, target]);
    } else announce([DebugCode.click_failed, status, target, code]);
    if (retryable(status)) {
      const next = {
        ref: target,
        mode,
        failed_attempts: pending ? pending.failed_attempts + 1 : 1,
        first_failed_at: pending ? pending.first_failed_at : new Date().toISOString(),
      };
      queue(next);
      const standIn = failed();
      const delay = tries > PAGE_RETRIES ? null : retryDelay(tries, retryAfter as number | null);
      announce([DebugCode.click_queued, target, next.failed_attempts, delay, older]);
      if (delay) setTimeout(send, delay);
      return standIn;
    } else {
      // An answer that will not change (unknown ref, a bot, a refused key or origin): this link
      // records nothing, so the stored click is still the visitor's newest.
      queue(null);
      if (stored) saveClick(stored);
      return use(older);
    }
  };
  const send = () => requestClick(api, key, target, pending).then(answered);
  // A visitor who leaves before a retry is due takes it along (fetch keepalive).
  attempt(() =>
    addEventListener("pagehide", () => pending && requestClick(api, key, target, pending)),
  );
  return sent ? readAnswer(sent, target).then(answered) : send();
}
