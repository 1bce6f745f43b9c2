// Finds the snippet's own <script> tag and reads its configuration from the data-* attributes.
import { isSnippetSrc, parseRefParams, resolveApiOrigin } from "./protocol";

export interface TagConfig {
  keyAttribute: string | null;
  api: string;
  refParams: string[];
}

export function findOwnTag(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  // currentScript is null when the snippet was injected as a module or by a tag manager that
  // evals it; fall back to the tag a merchant would have written.
  for (const script of document.scripts) {
    if (script.hasAttribute("data-merchant") || isSnippetSrc(script.src)) return script;
  }
  return null;
}

export function readTagConfig(script: HTMLScriptElement | null): TagConfig {
  return {
    keyAttribute: script?.getAttribute("data-merchant") ?? null,
    // An inline copy of the snippet has no src: its "own origin" is the page's.
    api: resolveApiOrigin(script?.src || location.href, script?.getAttribute("data-api")),
    refParams: parseRefParams(script?.getAttribute("data-ref-params")),
  };
}
