// The one entry point of the rules: observations in, root causes out (worst first), each with the
// findings it explains as consequences. The panel, the popup, the background's badge and
// `selgeo doctor` all call this, so they never disagree.
import type { TimelineEntry } from "../session/events";
import { arrangeCausally } from "./causality";
import { bySeverity, type Finding, type FindingDraft, flattenFindings, type Rule } from "./finding";
import { type Observations, observe } from "./observations";
import { apiAnswerNotSelgeo } from "./rules/apiAnswerNotSelgeo";
import { apiAttributeInvalid } from "./rules/apiAttributeInvalid";
import { blockedByClient } from "./rules/blockedByClient";
import { clickNotCounted } from "./rules/clickNotCounted";
import { clickNotRecorded } from "./rules/clickNotRecorded";
import { clickRejected } from "./rules/clickRejected";
import { cspConnectSrc } from "./rules/cspConnectSrc";
import { cspScriptSrc } from "./rules/cspScriptSrc";
import { invalidKey } from "./rules/invalidKey";
import { lazyBlockedByClient } from "./rules/lazyBlockedByClient";
import { lazyCspScriptSrc } from "./rules/lazyCspScriptSrc";
import { lazyNetworkError } from "./rules/lazyNetworkError";
import { lazyNotFound } from "./rules/lazyNotFound";
import { lazyNotLoaded } from "./rules/lazyNotLoaded";
import { networkError } from "./rules/networkError";
import { noRef } from "./rules/noRef";
import { paymentLinkNotDecorated } from "./rules/paymentLinkNotDecorated";
import { rateLimited } from "./rules/rateLimited";
import { secretKeyExposed } from "./rules/secretKeyExposed";
import { snippetMissing } from "./rules/snippetMissing";
import { snippetNotExecuted } from "./rules/snippetNotExecuted";
import { snippetTagMalformed } from "./rules/snippetTagMalformed";
import { snippetUrlTypo } from "./rules/snippetUrlTypo";
import { testModeKey } from "./rules/testModeKey";

/**
 * In the guide's order: Snippet not loading, Clicks not appearing, click_id missing (where
 * selgeo-lazy.js failing to load belongs: the click is counted, its id never stored).
 */
export const RULES: readonly Rule<Observations>[] = [
  snippetMissing,
  snippetTagMalformed,
  snippetUrlTypo,
  apiAttributeInvalid,
  cspScriptSrc,
  cspConnectSrc,
  blockedByClient,
  invalidKey,
  secretKeyExposed,
  snippetNotExecuted,
  testModeKey,
  noRef,
  rateLimited,
  networkError,
  apiAnswerNotSelgeo,
  clickRejected,
  clickNotCounted,
  clickNotRecorded,
  lazyCspScriptSrc,
  lazyBlockedByClient,
  lazyNotFound,
  lazyNetworkError,
  lazyNotLoaded,
  paymentLinkNotDecorated,
];

/** Every rule's findings, flat, worst first: what the causal order is built from. */
export function findDrafts(observations: Observations): FindingDraft[] {
  return RULES.flatMap((rule) => {
    const found = rule(observations);
    return found === null ? [] : Array.isArray(found) ? found : [found];
  }).sort(bySeverity);
}

/** A root ranks by the worst finding it explains: an error it causes is its error too. */
function rank(finding: Finding) {
  return [...flattenFindings([finding])].sort(bySeverity)[0] ?? finding;
}

export function diagnose(observations: Observations): Finding[] {
  return arrangeCausally(findDrafts(observations), observations).sort((a, b) =>
    bySeverity(rank(a), rank(b)),
  );
}

/** Convenience for callers holding a page's timeline rather than its observations. */
export function diagnoseEntries(entries: TimelineEntry[]): Finding[] {
  return diagnose(observe(entries));
}
