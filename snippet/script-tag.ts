// Finds the snippet's own <script> tag, where its configuration lives (data-* attributes).

export function findOwnTag(): HTMLScriptElement {
  // currentScript is null when a tag manager evals the snippet or loads it as a module; the tag a
  // merchant would have written is then the best guess, and without one an empty tag stands in:
  // no key (reported as missing), the page's own origin for the API. An SVG <script> has no
  // `src` string: the caller then falls back to the page's origin as for an inline tag.
  return (document.currentScript ||
    document.querySelector("script[data-merchant]") ||
    document.createElement("script")) as HTMLScriptElement;
}
