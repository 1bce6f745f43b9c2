// The "Selgeo" panel page. Inside DevTools it shows the inspected tab; opened directly as
// devtools-panel.html?tabId=N it shows tab N (how `selgeo doctor` and the e2e tests read it).
import "../../zodJitless";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { PanelApp } from "../../ui/PanelApp";
import { targetTabId } from "../../ui/tabTarget";
import "../../ui/styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <PanelApp tabId={targetTabId(window.location)} />
  </StrictMode>,
);
