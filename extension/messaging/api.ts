// The messages the background answers — the one way the panel, the popup, the content script
// and automated drivers (`selgeo doctor`, e2e tests) talk to the recorder.
//
// From any page of the extension (e.g. chrome-extension://<id>/devtools-panel.html):
//   await chrome.runtime.sendMessage({ type: "selgeo:list-tabs" })            → TabSummary[]
//   await chrome.runtime.sendMessage({ type: "selgeo:get-session", tabId })   → SessionView
//   await chrome.runtime.sendMessage({ type: "selgeo:export-bundle", tabId }) → SupportBundle
//   await chrome.runtime.sendMessage({ type: "selgeo:clear-session", tabId }) → { cleared: true }
//
// Live updates (panel, popup): connect a port named LIVE_PORT and post a SubscribeMessage; the
// background answers with a SessionPush at once and again after every change of that tab's
// session, so no page polls. A port closes when the service worker stops: reconnect.
import { z } from "zod";
import { cspViolationSchema, debugEventSchema, snapshotSchema } from "../session/events";
import type { SessionView } from "../session/view";

export const listTabsRequest = z.object({ type: z.literal("selgeo:list-tabs") });

export const getSessionRequest = z.object({
  type: z.literal("selgeo:get-session"),
  tabId: z.number().int(),
  /** Every page of the tab instead of the current one (the panel's "Preserve log"). */
  preserveLog: z.boolean().optional(),
});

export const exportBundleRequest = z.object({
  type: z.literal("selgeo:export-bundle"),
  tabId: z.number().int(),
  preserveLog: z.boolean().optional(),
});

export const clearSessionRequest = z.object({
  type: z.literal("selgeo:clear-session"),
  tabId: z.number().int(),
});

/** Sent by the content script; the tab comes from the sender, never from the message. */
export const observedMessage = z.object({
  type: z.literal("selgeo:observed"),
  /** Random per document: a new token on the tab means a navigation webRequest did not show. */
  documentToken: z.string(),
  event: z.discriminatedUnion("kind", [snapshotSchema, cspViolationSchema, debugEventSchema]),
});
export type ObservedMessage = z.infer<typeof observedMessage>;

export const LIVE_PORT = "selgeo:live";

/** Posted on a LIVE_PORT port: which tab's session to push (one subscription per port). */
export const subscribeMessage = z.object({
  type: z.literal("selgeo:subscribe"),
  tabId: z.number().int(),
  preserveLog: z.boolean().optional(),
});
export type SubscribeMessage = z.infer<typeof subscribeMessage>;

/** Pushed by the background on a LIVE_PORT port. */
export interface SessionPush {
  type: "selgeo:session";
  view: SessionView;
}

export const backgroundRequest = z.discriminatedUnion("type", [
  listTabsRequest,
  getSessionRequest,
  exportBundleRequest,
  clearSessionRequest,
  observedMessage,
]);
export type BackgroundRequest = z.infer<typeof backgroundRequest>;

export interface TabSummary {
  tabId: number;
  url: string;
  health: "ok" | "warning" | "error" | null;
}
