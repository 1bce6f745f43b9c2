// Guide › Clicks not appearing › 2. No referral parameter in the URL, so no click is recorded.
// When the URL carries a familiar affiliate parameter the snippet is not told to read, that is
// the likelier cause and worth a warning.
import type { Rule } from "../finding";
import { CLICKS_NOT_APPEARING } from "../guide";
import type { Observations } from "../observations";

const COMMON_REF_PARAMS = [
  "ref",
  "via",
  "aff",
  "affiliate",
  "partner",
  "referral",
  "aff_id",
  "fpr",
];

export const noRef: Rule<Observations> = (o) => {
  if (!o.tag || o.ref || !o.pageUrl) return null;
  const url = new URL(o.pageUrl);
  const lookalike = COMMON_REF_PARAMS.find(
    (name) => url.searchParams.get(name) && !o.refParams.includes(name),
  );
  const example = new URL(url.href);
  example.searchParams.set(o.refParams[0] ?? "ref", "PARTNER_REF");
  return {
    id: "no-ref",
    severity: lookalike ? "warning" : "info",
    ...CLICKS_NOT_APPEARING,
    cause: lookalike
      ? `No referral parameter in the URL: it has "${lookalike}", but the snippet reads only ${o.refParams.join(", ")}.`
      : `No referral parameter in the URL (${o.refParams.map((p) => `?${p}=`).join(", ")}), so no click is recorded for this visit.`,
    fix: lookalike
      ? `Tell the snippet which parameters to read: data-ref-params="${[...o.refParams, lookalike].join(",")}"`
      : `Verify that the referral link includes the correct query parameter, e.g. ${example.href}`,
    evidence: [`Page: ${o.pageUrl}`, `Parameters read: ${o.refParams.join(", ")}`],
  };
};
