// Guide › Snippet not loading › 1. Script tag is missing.
import type { Rule } from "../finding";
import { OFFICIAL_SNIPPET_TAG, SNIPPET_NOT_LOADING } from "../guide";
import type { Observations } from "../observations";

export const snippetMissing: Rule<Observations> = (o) => {
  if (!o.settled || o.tags.length > 0) return null;
  return {
    id: "snippet-missing",
    severity: "error",
    ...SNIPPET_NOT_LOADING,
    cause:
      "Script tag is missing: no <script> on this page has a src ending in /selgeo.js or a data-merchant attribute.",
    fix: `Add the snippet to every page (in <head> or before </body>): ${OFFICIAL_SNIPPET_TAG}`,
    evidence: [`Page: ${o.pageUrl ?? "unknown"}`, "Snippet tags found after the page settled: 0"],
  };
};
