// WXT build of the Selgeo DevTools extension (sources in extension/, output in .output/):
// `wxt build` → .output/chrome-mv3, `wxt build -b firefox` → .output/firefox-mv2.
import { defineConfig } from "wxt";

/**
 * Firefox only (Chrome ignores it). A fixed id keeps the add-on's storage across reinstalls and
 * is what addons.mozilla.org signs. 140 is the first Firefox (and ESR line) that knows
 * data_collection_permissions, which the add-on site requires. "none": the extension transmits
 * nothing — what it records stays in the browser; its one request of its own sends the page's
 * public key to the page's own API. Firefox for Android learnt the key in 142. A separate
 * constant because WXT 0.21's manifest type does not know data_collection_permissions yet.
 */
const GECKO = {
  id: "devtools@selgeo.com",
  strict_min_version: "140.0",
  data_collection_permissions: { required: ["none"] },
};
const GECKO_ANDROID = { strict_min_version: "142.0" };

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
    browser_specific_settings: { gecko: GECKO, gecko_android: GECKO_ANDROID },
  },
});
