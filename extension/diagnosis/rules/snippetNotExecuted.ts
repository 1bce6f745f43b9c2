// Guide › Snippet not loading, when nothing more specific explains it: the tag is there, nothing
// blocked or failed, yet the script never ran — typically a tag inserted with innerHTML (such
// scripts never execute) or inside a <template> or <noscript>.
import type { Rule } from "../finding";
import { SNIPPET_NOT_LOADING } from "../guide";
import { answeredWithError, droppedByPage } from "../netErrors";
import type { Observations } from "../observations";

export const snippetNotExecuted: Rule<Observations> = (o) => {
  const tag = o.tag;
  if (!o.settled || !tag?.src || o.snippetExecuted || tag.loadState === "error") return null;
  const request = o.snippetRequest;
  if (o.cspViolations.some((v) => v.effectiveDirective !== "connect-src")) return null;
  // A request that failed or was answered with an error is another rule's; one the page let go
  // of (it navigated away) says nothing, so the tag is judged on whether it ran.
  if (
    request &&
    (request.error !== null || answeredWithError(request)) &&
    !droppedByPage(request)
  ) {
    return null;
  }
  return {
    id: "snippet-not-executed",
    severity: "warning",
    ...SNIPPET_NOT_LOADING,
    cause: request
      ? "The snippet file was downloaded but never announced itself: something on the page stops it from running."
      : "The snippet tag is in the page but the browser never loaded it: tags inserted with innerHTML, or inside <template> or <noscript>, never run.",
    fix: "Put the tag in the page's HTML (or create it with document.createElement('script')), then reload with this panel open.",
    evidence: [`Snippet tag: src=${tag.src}`, `Tag load state: ${tag.loadState}`],
  };
};
