// WXT build of the Selgeo DevTools extension (sources in extension/, output in .output/):
// `wxt build` → .output/chrome-mv3, `wxt build -b firefox` → .output/firefox-mv2.
import { defineConfig } from "wxt";

export default defineConfig({
  srcDir: "extension",
  publicDir: "extension/public",
  outDir: ".output",
  modules: ["@wxt-dev/module-react"],
  // Explicit imports everywhere: a reader sees where each name comes from.
  imports: false,
  manifest: {
    name: "Selgeo",
    description:
      "Diagnoses a page's Selgeo integration: snippet, key, CSP, blockers, clicks and Stripe links.",
    // webRequest: statuses, Retry-After, X-Request-Id and network errors of the snippet and API;
    // tabs: the popup's active tab and clean-up of closed tabs; storage: IndexedDB quota.
    permissions: ["webRequest", "tabs", "storage"],
    // The snippet and API may live on any host (self-hosted, local), so every host is watched.
    host_permissions: ["<all_urls>"],
    icons: { 16: "icon/16.png", 32: "icon/32.png", 48: "icon/48.png", 128: "icon/128.png" },
    action: { default_title: "Selgeo" },
  },
});
