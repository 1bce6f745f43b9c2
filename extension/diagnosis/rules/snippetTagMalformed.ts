// Guide › Snippet not loading › 1. Script tag is malformed: no `data-merchant` attribute, often
// because it is misspelt (the key is there, under another name).
import type { Rule } from "../finding";
import { SNIPPET_NOT_LOADING } from "../guide";
import type { Observations } from "../observations";

export const snippetTagMalformed: Rule<Observations> = (o) => {
  const tag = o.tag;
  if (!tag || tag.merchant !== null) return null;
  const misspelt = tag.keyLikeAttributes[0];
  return {
    id: "snippet-tag-malformed",
    severity: "error",
    ...SNIPPET_NOT_LOADING,
    cause: misspelt
      ? `Script tag is malformed: the key is in a "${misspelt.name}" attribute, but the snippet reads only data-merchant.`
      : "Script tag is malformed: it has no data-merchant attribute, so the snippet has no key and does nothing.",
    fix: misspelt
      ? `Rename the attribute: data-merchant="${misspelt.value}"`
      : 'Add your publishable key from Settings > API Keys to the tag: data-merchant="pk_test_YOUR_KEY"',
    evidence: [`Snippet tag: src=${tag.src ?? "(inline)"}`, "data-merchant: absent"],
  };
};
