// Finds the snippet's own <script> tag, where its configuration lives (data-* attributes).

export function findOwnTag(): HTMLScriptElement {
  const current = document.currentScript;
  return current instanceof HTMLScriptElement
    ? current
    : // currentScript is null when a tag manager evals the snippet or loads it as a module; the
      // tag a merchant would have written is then the best guess, and without one an empty tag
      // stands in: no key (reported as missing), the page's own origin for the API.
      document.querySelector("script[data-merchant]") || document.createElement("script");
}
