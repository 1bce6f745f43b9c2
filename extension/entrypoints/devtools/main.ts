// The DevTools page: its only job is to add the "Selgeo" panel.
import browser from "webextension-polyfill";

void browser.devtools.panels.create("Selgeo", "/icon/32.png", "/devtools-panel.html");
