// The content script's work: from document_start it listens for CSP violations, the snippet's
// `selgeo:debug` events and script load/error events, and sends the background a snapshot of
// the page when it changes — at DOMContentLoaded, at load, after DOM changes, and once
// "settled" (SETTLE_DELAY_MS after load), after which absence means absence.
import { decodeDebugEvent } from "../../snippet/debug-wire";
import { DEBUG_EVENT_NAME } from "../../snippet/protocol";
import type { ObservedMessage } from "../messaging/api";
import type { CspViolation, Snapshot, SnippetTag } from "../session/events";
import { maskKeysDeep } from "../session/mask";
import { type LoadState, scanPage } from "./scanPage";
import { concernsSelgeo, toCspViolation } from "./violations";

export const SETTLE_DELAY_MS = 1500;
const RESCAN_DELAY_MS = 250;
const MAX_HELD_VIOLATIONS = 50;
/** Debug events held until a snippet tag shows the page is Selgeo's; others are dropped. */
const MAX_HELD_DEBUG_EVENTS = 20;
/** Debug events relayed per document: the background keeps at most 500 entries a page anyway. */
const MAX_DEBUG_EVENTS = 1000;
/** A debug event bigger than this crosses to the background as its type alone. */
const MAX_DEBUG_EVENT_CHARS = 16_384;

export type Send = (message: ObservedMessage) => void;

/** crypto.randomUUID() exists only in secure contexts; merchants' test pages are often http. */
function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class PageWatcher {
  private readonly documentToken = randomToken();
  private readonly loadStates = new WeakMap<Element, LoadState>();
  /** Violations seen before the snippet tag told which hosts are Selgeo's. */
  private held: CspViolation[] = [];
  /** Debug events seen before any snippet tag: a page without Selgeo gets nothing relayed. */
  private heldDebug: ObservedMessage["event"][] = [];
  private debugSent = 0;
  private tags: SnippetTag[] = [];
  private phase: Snapshot["phase"] = "interactive";
  private lastSent = "";
  private rescanTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * The next scan is sent even if nothing changed: it follows a debug event, and a reader of the
   * session waits for a snapshot newer than the page's last event (session/view.ts `ready`).
   */
  private sendNextScan = false;

  constructor(
    private readonly win: Window,
    private readonly send: Send,
  ) {}

  start(): void {
    const doc = this.win.document;
    doc.addEventListener("securitypolicyviolation", (e) => this.onViolation(e), true);
    this.win.addEventListener(DEBUG_EVENT_NAME, (e) => this.onDebugEvent(e));
    doc.addEventListener("load", (e) => this.onScriptOutcome(e, "loaded"), true);
    doc.addEventListener("error", (e) => this.onScriptOutcome(e, "error"), true);
    const whenReady = () => {
      this.scan();
      new MutationObserver(() => this.scheduleScan()).observe(doc, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ["href", "src", "data-merchant", "client-reference-id"],
      });
    };
    if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", whenReady);
    else whenReady();
    const whenLoaded = () => {
      this.phase = "complete";
      this.scan();
      setTimeout(() => {
        this.phase = "settled";
        this.scan();
      }, SETTLE_DELAY_MS);
    };
    if (doc.readyState === "complete") whenLoaded();
    else this.win.addEventListener("load", whenLoaded, { once: true });
    this.win.addEventListener("popstate", () => this.scheduleScan());
  }

  private post(event: ObservedMessage["event"]): void {
    this.send({ type: "selgeo:observed", documentToken: this.documentToken, event });
  }

  private scan(): void {
    clearTimeout(this.rescanTimer);
    const snapshot = scanPage(this.win, this.phase, this.loadStates);
    this.tags = snapshot.tags;
    const serialized = JSON.stringify(snapshot);
    if (serialized !== this.lastSent || this.sendNextScan) {
      this.lastSent = serialized;
      this.sendNextScan = false;
      this.post(snapshot);
    }
    this.releaseViolations();
    this.releaseDebugEvents();
  }

  private releaseDebugEvents(): void {
    if (this.tags.length === 0 || this.heldDebug.length === 0) return;
    const held = this.heldDebug;
    this.heldDebug = [];
    for (const event of held) this.postDebug(event);
    this.scheduleScan(true);
  }

  private postDebug(event: ObservedMessage["event"]): void {
    if (this.debugSent >= MAX_DEBUG_EVENTS) return;
    this.debugSent++;
    this.post(event);
  }

  private scheduleScan(send = false): void {
    if (send) this.sendNextScan = true;
    clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => this.scan(), RESCAN_DELAY_MS);
  }

  private onViolation(event: SecurityPolicyViolationEvent): void {
    this.held.push(toCspViolation(event));
    if (this.held.length > MAX_HELD_VIOLATIONS) this.held.shift();
    this.releaseViolations();
  }

  private releaseViolations(): void {
    if (this.tags.length === 0) return;
    const url = this.win.location.href;
    const keep: CspViolation[] = [];
    for (const violation of this.held) {
      if (concernsSelgeo(violation, this.tags, url)) this.post(violation);
      else keep.push(violation);
    }
    this.held = keep;
  }

  private onDebugEvent(event: Event): void {
    const detail: unknown = (event as CustomEvent).detail;
    let copy: unknown;
    try {
      // Crossing from the page's world: keep plain data only. The snippet sends its compact wire
      // form (snippet/debug-wire.ts); from here on every event is named, as older snippets sent it.
      copy = decodeDebugEvent(JSON.parse(JSON.stringify(detail)));
    } catch {
      return;
    }
    if (
      typeof copy !== "object" ||
      copy === null ||
      typeof (copy as { type?: unknown }).type !== "string"
    ) {
      return;
    }
    const type = String((copy as { type: string }).type);
    const message: ObservedMessage["event"] =
      JSON.stringify(copy).length > MAX_DEBUG_EVENT_CHARS
        ? { kind: "debug_event", event: { type: type.slice(0, 64) }, truncated: true }
        : { kind: "debug_event", event: maskKeysDeep(copy as { type: string }, "secret") };
    if (this.tags.length > 0) this.postDebug(message);
    else {
      this.heldDebug.push(message);
      if (this.heldDebug.length > MAX_HELD_DEBUG_EVENTS) this.heldDebug.shift();
    }
    // What the event did (a click stored, links decorated) shows in the next snapshot.
    this.scheduleScan(true);
  }

  private onScriptOutcome(event: Event, state: LoadState): void {
    const target = event.target;
    if (!(target instanceof HTMLScriptElement)) return;
    this.loadStates.set(target, state);
    this.scheduleScan();
  }
}
