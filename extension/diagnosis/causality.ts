// Which findings explain which: the causal order `diagnose()` arranges findings in. A root cause
// (the snippet never ran, the click never reached Selgeo) carries the findings it explains as
// consequences, rewritten so their fix points at the root — a consequence must never ask for
// something that cannot exist, such as `__selgeo.getClickId()` when the snippet never ran.
import type { Finding, FindingDraft } from "./finding";
import { CLICK_ID_MISSING } from "./guide";
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

/**
 * Causes after which selgeo.js ran and sent its click, but selgeo-lazy.js — which stores the
 * answer and decorates Stripe links — never did.
 */
const LAZY_NEVER_RAN = [
  "lazy-csp-script-src",
  "lazy-blocked-by-client",
  "lazy-not-found",
  "lazy-network-error",
  "lazy-not-loaded",
];

type Rewrite = Record<string, { cause: string; fix: string; section?: string; symptom?: string }>;

/** What a consequence reads like under its root: why it follows, with nothing else to change. */
const AS_CONSEQUENCE: Rewrite = {
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

/** The same under a selgeo-lazy.js root: the click was sent and counted, then nothing more. */
const AS_LAZY_CONSEQUENCE: Rewrite = {
  "payment-link-not-decorated": {
    cause:
      "Stripe Payment Links do not carry client_reference_id because selgeo-lazy.js, the part of the snippet that adds it, never ran on this page.",
    fix: "Nothing to change on the links: once selgeo-lazy.js loads, the snippet adds client_reference_id to them by itself.",
  },
  "click-not-recorded": {
    // Not "Clicks not appearing": the click does appear in the dashboard; its id is what is lost.
    ...CLICK_ID_MISSING,
    cause:
      "The click request reached Selgeo, which counts the click, but no click id was stored in this browser: a conversion from this visit cannot be attributed to it.",
    fix: "Nothing else to change: once selgeo-lazy.js loads, the snippet stores the click id by itself.",
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
  if (LAZY_NEVER_RAN.includes(root.id))
    ids.push("payment-link-not-decorated", "click-not-recorded");
  return ids;
}

function asConsequence(finding: FindingDraft, root: FindingDraft): Finding {
  const rewritten = (LAZY_NEVER_RAN.includes(root.id) ? AS_LAZY_CONSEQUENCE : AS_CONSEQUENCE)[
    finding.id
  ];
  return {
    ...finding,
    section: rewritten?.section ?? finding.section,
    symptom: rewritten?.symptom ?? finding.symptom,
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
