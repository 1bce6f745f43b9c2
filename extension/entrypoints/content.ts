// Content script: watches every top-level page from document_start and relays what it sees to
// the background recorder (extension/observer/pageWatcher.ts does the watching).
import "../zodJitless";
import browser from "webextension-polyfill";
import { defineContentScript } from "wxt/utils/define-content-script";
import { PageWatcher } from "../observer/pageWatcher";

export default defineContentScript({
  matches: ["http://*/*", "https://*/*"],
  runAt: "document_start",
  main() {
    const watcher = new PageWatcher(window, (message) => {
      // The background may be restarting; the next snapshot carries the state again.
      browser.runtime.sendMessage(message).catch(() => undefined);
    });
    watcher.start();
  },
});
