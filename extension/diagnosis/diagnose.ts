// The one entry point of the rules: observations in, findings out, worst first. The panel, the
// popup, the background's badge and `selgeo doctor` all call this, so they never disagree.
import type { TimelineEntry } from "../session/events";
import { bySeverity, type Finding, type Rule } from "./finding";
import { type Observations, observe } from "./observations";
import { apiAttributeInvalid } from "./rules/apiAttributeInvalid";
import { blockedByClient } from "./rules/blockedByClient";
import { clickNotCounted } from "./rules/clickNotCounted";
import { clickNotRecorded } from "./rules/clickNotRecorded";
import { clickRejected } from "./rules/clickRejected";
import { cspConnectSrc } from "./rules/cspConnectSrc";
import { cspScriptSrc } from "./rules/cspScriptSrc";
import { invalidKey } from "./rules/invalidKey";
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

/** In the guide's order: Snippet not loading, Clicks not appearing, click_id missing. */
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
  clickRejected,
  clickNotCounted,
  clickNotRecorded,
  paymentLinkNotDecorated,
];

export function diagnose(observations: Observations): Finding[] {
  return RULES.flatMap((rule) => {
    const found = rule(observations);
    return found === null ? [] : Array.isArray(found) ? found : [found];
  }).sort(bySeverity);
}

/** Convenience for callers holding a page's timeline rather than its observations. */
export function diagnoseEntries(entries: TimelineEntry[]): Finding[] {
  return diagnose(observe(entries));
}
