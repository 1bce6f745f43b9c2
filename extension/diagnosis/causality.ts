// Which findings explain which: the causal order `diagnose()` arranges findings in. A root cause
// (the snippet never ran, the click never reached Selgeo) carries the findings it explains as
// consequences, rewritten so their fix points at the root — a consequence must never ask for
// something that cannot exist, such as `__selgeo.getClickId()` when the snippet never ran.
import type { Finding, FindingDraft } from "./finding";
import type { Observations } from "./observations";

/** Causes after which the snippet never ran (or stood down): nothing it does happened. */
const SNIPPET_NEVER_RAN = [
  "snippet-missing",
  "snippet-tag-malformed",
  "snippet-url-typo",
  "csp-script-src",
  "blocked-by-client",
  "snippet-not-executed",
  "invalid-key",
  "secret-key-exposed",
];

/** Causes after which the snippet ran but its click never reached Selgeo or was refused. */
const CLICK_NEVER_LANDED = [
  "api-attribute-invalid",
  "csp-connect-src",
  "blocked-by-client",
  "network-error",
  "rate-limited",
  "click-rejected",
  "click-not-counted",
  "api-answer-not-selgeo",
];

/** What a consequence reads like under its root: why it follows, with nothing else to change. */
const AS_CONSEQUENCE: Record<string, { cause: string; fix: string }> = {
  "payment-link-not-decorated": {
    cause:
      "Stripe Payment Links do not carry client_reference_id because the snippet, which adds it, never ran on this page.",
    fix: "Nothing to change on the links: once the cause above is fixed the snippet adds client_reference_id to them by itself.",
  },
  "click-not-recorded": {
    cause: "No click was recorded for this visit and no click id was stored.",
    fix: "Nothing else to change: fix the cause above and reload with the ref; the click is then recorded.",
  },
};

/** The ids of the findings `root` explains on this page. Consequences themselves explain nothing. */
function explainsWhat(root: FindingDraft, o: Observations): string[] {
  const ids: string[] = [];
  // The snippet never ran, or ran and stood down at once (an unusable key): nothing decorated.
  const stoodDown = !o.snippetExecuted || o.debugEvents.some((e) => e.type === "key_invalid");
  if (SNIPPET_NEVER_RAN.includes(root.id) && stoodDown) {
    ids.push("payment-link-not-decorated", "click-not-recorded");
  }
  if (CLICK_NEVER_LANDED.includes(root.id)) ids.push("click-not-recorded");
  return ids;
}

function asConsequence(finding: FindingDraft, root: FindingDraft): Finding {
  const rewritten = AS_CONSEQUENCE[finding.id];
  return {
    ...finding,
    cause: `${rewritten?.cause ?? finding.cause} This follows from ${root.id}.`,
    fix: rewritten?.fix ?? `Fix ${root.id} first; this follows from it.`,
    consequences: [],
  };
}

/**
 * Arranges `drafts` (most important first) into root causes with their consequences. A finding
 * explained by several roots goes under the first of them; one explained by none stays a root.
 */
export function arrangeCausally(drafts: FindingDraft[], o: Observations): Finding[] {
  const rootOf = new Map<FindingDraft, FindingDraft>();
  for (const draft of drafts) {
    const root = drafts.find((r) => r !== draft && explainsWhat(r, o).includes(draft.id));
    if (root) rootOf.set(draft, root);
  }
  return drafts
    .filter((draft) => !rootOf.has(draft))
    .map((root) => ({
      ...root,
      consequences: drafts.filter((d) => rootOf.get(d) === root).map((d) => asConsequence(d, root)),
    }));
}
