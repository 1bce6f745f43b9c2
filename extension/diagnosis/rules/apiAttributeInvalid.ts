// Guide › Snippet not loading › 1. Script tag is malformed: `data-api` is not an http(s) URL with
// a host (`https//api…`, `api.selgeo.com` without a scheme, `http://`), so the snippet has no
// address to send clicks to. It says so with `config_invalid`; a tag read on the page tells the
// same even when an older snippet stopped without a word.
import { type DebugEvent, OFFICIAL_API_ORIGIN } from "../../../snippet/protocol";
import type { Rule } from "../finding";
import { SNIPPET_NOT_LOADING } from "../guide";
import type { Observations } from "../observations";

type ConfigInvalidEvent = Extract<DebugEvent, { type: "config_invalid" }>;

export const apiAttributeInvalid: Rule<Observations> = (o) => {
  const event = o.debugEvents.find((e): e is ConfigInvalidEvent => e.type === "config_invalid");
  // apiOrigin is null for an unusable data-api (and before the page's URL is known).
  const value = event?.value ?? (o.tag?.api && o.pageUrl && !o.apiOrigin ? o.tag.api : null);
  if (value === null) return null;
  return {
    id: "api-attribute-invalid",
    severity: "error",
    ...SNIPPET_NOT_LOADING,
    cause: `Script tag is malformed: data-api="${value}" is not an http(s) address, so the snippet sends no click requests (a click stored earlier still works). Check for typos in the URL.`,
    fix: `Write data-api as a full origin, e.g. data-api="${OFFICIAL_API_ORIGIN}" — or remove it to use Selgeo's API (the official CDN) or the script's own origin (self-hosted).`,
    evidence: [
      `Snippet tag: src=${o.tag?.src ?? "(inline)"}`,
      `data-api="${value}"`,
      ...(event ? ["Debug event: config_invalid (attribute data-api)"] : []),
    ],
  };
};
