// Guide › click_id missing: selgeo-lazy.js is not where selgeo.js looks for it (beside itself): a
// 4xx, or a shop's catch-all route answering its HTML page. The usual cause is a self-hosted copy
// of selgeo.js alone.
import { LAZY_FILE } from "../../../snippet/lazy-contract";
import { OFFICIAL_CDN_HOST } from "../../../snippet/protocol";
import { describeRequest } from "../evidence";
import type { Rule } from "../finding";
import { CLICK_ID_MISSING } from "../guide";
import { isHtml, LAZY_FILE_LOST, lazyContext, lazyFailure } from "../lazy";
import { answeredWithError } from "../netErrors";
import type { Observations } from "../observations";

export const lazyNotFound: Rule<Observations> = (o) => {
  const request = o.lazyRequest;
  if (!request || lazyFailure(o) !== "not-found") return null;
  const html = isHtml(request.contentType) && !answeredWithError(request);
  return {
    id: "lazy-not-found",
    severity: "error",
    ...CLICK_ID_MISSING,
    cause: `selgeo-lazy.js is missing: ${request.url} answered ${html ? "an HTML page, not the script (a catch-all route answers for the missing file)" : request.status}. selgeo.js loads it from beside itself; a self-hosted selgeo.js needs its sibling next to it. ${LAZY_FILE_LOST}`,
    fix: `Copy selgeo-lazy.js next to selgeo.js so that ${request.url} serves it (both files are in snippet/dist/; the official copy is https://${OFFICIAL_CDN_HOST}/v1/${LAZY_FILE}), or load selgeo.js from https://${OFFICIAL_CDN_HOST}/v1/selgeo.js, which has it beside it.`,
    evidence: [...lazyContext(o), describeRequest(request)],
  };
};
