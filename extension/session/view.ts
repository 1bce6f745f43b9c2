// What the background answers when anyone (panel, popup, doctor) asks about a tab: the stored
// timeline plus the observations, findings and status derived from it by the pure rules.
import { diagnose } from "../diagnosis/diagnose";
import type { Finding } from "../diagnosis/finding";
import { isClickEndpoint } from "../diagnosis/hosts";
import { lazyFailure } from "../diagnosis/lazy";
import { type Observations, observe } from "../diagnosis/observations";
import { type PageStatus, pageStatus } from "../diagnosis/status";
import type { Page, TimelineEntry } from "./events";

export interface SessionView {
  tabId: number;
  /** The page on screen now; findings are about this page only. */
  page: Page | null;
  /** Every page kept for the tab, oldest first. */
  pages: Page[];
  /** The current page's entries, or every page's when `preserveLog` was asked for. */
  timeline: TimelineEntry[];
  preserveLog: boolean;
  observations: Observations;
  findings: Finding[];
  status: PageStatus;
  /**
   * Settled and nothing still awaited (the keys/check answer, the snippet's word on each click
   * request, the snapshot after the last debug event): safe for a driver to read.
   */
  ready: boolean;
  /**
   * False while the page shows no Selgeo tag: it is then kept in memory only, never written
   * (the recorder sets it; a view built elsewhere leaves it out).
   */
  stored?: boolean;
  /** Events of the page not stored because its record reached the size limits. */
  dropped?: number;
}

/** The snippet's announcements that it has read a click request's answer. */
const CLICK_OUTCOMES = new Set(["click_recorded", "rate_limited", "click_failed"]);

function chronological(a: TimelineEntry, b: TimelineEntry): number {
  return a.at - b.at || (a.id ?? 0) - (b.id ?? 0);
}

export function buildSessionView(input: {
  tabId: number;
  pages: Page[];
  pageEntries: TimelineEntry[];
  allEntries: TimelineEntry[] | null;
}): SessionView {
  const pageEntries = [...input.pageEntries].sort(chronological);
  const observations = observe(pageEntries);
  const findings = diagnose(observations);
  const keyCheckPending =
    observations.key.class.kind === "publishable" &&
    observations.apiOrigin !== null &&
    observations.key.check === null;
  // What a debug event did — a click stored, links decorated — is seen in the snapshot the
  // content script sends after it (observer/pageWatcher.ts); until that arrives, rules reading
  // the page would judge it as it was before (a slow click answered after `settled`).
  const lastSnapshot = pageEntries.findLastIndex((entry) => entry.event.kind === "snapshot");
  const lastDebugEvent = pageEntries.findLastIndex((entry) => entry.event.kind === "debug_event");
  const rescanPending = lastDebugEvent > lastSnapshot;
  // Every click request the browser finished is announced by the snippet once it has read the
  // answer (click_recorded, rate_limited or click_failed): until as many have arrived, the page
  // is judged on a click it has not stored yet. Counted, not ordered: the network's record and
  // the page's event reach the background by different routes.
  const clickRequests = pageEntries.filter(
    (entry) =>
      entry.event.kind === "request" &&
      entry.event.method === "POST" &&
      isClickEndpoint(entry.event.url),
  ).length;
  const clickOutcomes = pageEntries.filter(
    (entry) => entry.event.kind === "debug_event" && CLICK_OUTCOMES.has(entry.event.event.type),
  ).length;
  // Those announcements are selgeo-lazy.js's: when it cannot run, none will come.
  const outcomePending = clickOutcomes < clickRequests && lazyFailure(observations) === null;
  return {
    tabId: input.tabId,
    page: input.pages.at(-1) ?? null,
    pages: input.pages,
    timeline: input.allEntries ? [...input.allEntries].sort(chronological) : pageEntries,
    preserveLog: input.allEntries !== null,
    observations,
    findings,
    status: pageStatus(observations, findings),
    ready: observations.settled && !keyCheckPending && !rescanPending && !outcomePending,
  };
}
