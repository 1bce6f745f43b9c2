// The background's brain: decides which page of which tab each observation belongs to, keeps
// only Selgeo's requests, asks keys/check once per page and key, and stores everything through
// the SessionStore. Browser APIs stay in entrypoints/background; this class is tested directly.
//
// Nothing is stored for a page until a Selgeo tag is seen on it: until then its page and
// entries live in memory only (bounded), enough for the panel to say "no snippet here", and
// are gone with the tab or the next page.

import { apiBaseOf, isSelgeoRequest, type SelgeoOrigins, selgeoOrigins } from "../diagnosis/hosts";
import { classifyKey } from "../diagnosis/key";
import type {
  KeyCheck,
  Page,
  RequestRecord,
  TimelineEntry,
  TimelineEvent,
} from "../session/events";
import { buildSessionView, type SessionView } from "../session/view";
import { capEvent } from "../store/caps";
import type { SessionStore } from "../store/sessionStore";
import { isHiddenAnswer, type Probe } from "./probe";
import type { TrackedRequest } from "./requestTracker";

export interface RecorderDeps {
  store: SessionStore;
  now: () => number;
  /** `apiBase`: the origin, plus a first-party proxy's path prefix. */
  checkKey: (apiBase: string, key: string) => Promise<KeyCheck>;
  /** Asks again for a script answer the browser hid (ORB); none in tests that do not need it. */
  probe?: Probe;
  /** Called (at most every changeDelayMs) after a tab's session changed: badge, live pages. */
  onSessionChanged?: (tabId: number, view: SessionView) => void;
  changeDelayMs?: number;
}

/** Requests kept per tab while it is not yet known which hosts are Selgeo's. */
const PENDING_PER_TAB = 300;
/** Entries kept in memory for a page without Selgeo (snapshots of a busy page). */
export const UNSTORED_ENTRIES_PER_PAGE = 50;
/** Tokens of unstored pages a tab left, to ignore late words from them. */
const LEFT_TOKENS_PER_TAB = 20;

interface UnstoredPage {
  page: Page;
  entries: TimelineEntry[];
}

/** Snapshots kept in memory for a page without Selgeo: the latest says what the page is. */
const UNSTORED_SNAPSHOTS = 3;

/** The navigation, the latest snapshots and the latest other entries, in their order. */
function pruneUnstored(entries: TimelineEntry[]): TimelineEntry[] {
  if (entries.length <= UNSTORED_ENTRIES_PER_PAGE) return entries;
  const snapshots = entries.filter((e) => e.event.kind === "snapshot").slice(-UNSTORED_SNAPSHOTS);
  const others = entries
    .slice(1)
    .filter((e) => e.event.kind !== "snapshot")
    .slice(-(UNSTORED_ENTRIES_PER_PAGE - 1 - snapshots.length));
  const keep = new Set([entries[0], ...snapshots, ...others]);
  return entries.filter((e) => keep.has(e));
}

/** The sign that a page is Selgeo's: a snapshot that found a snippet tag. */
function showsSelgeo(event: TimelineEvent | RequestRecord): boolean {
  return event.kind === "snapshot" && event.tags.length > 0;
}

interface KnownHosts {
  pageId: string;
  origins: SelgeoOrigins;
  tagSrcs: string[];
}

export class Recorder {
  private readonly current = new Map<number, Page>();
  private readonly hosts = new Map<number, KnownHosts>();
  private readonly pending = new Map<number, { pageId: string; requests: TrackedRequest[] }>();
  private readonly keyChecks = new Set<string>();
  private readonly queues = new Map<number, Promise<unknown>>();
  private readonly changeTimers = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly unstored = new Map<number, UnstoredPage>();
  private readonly leftTokens = new Map<number, string[]>();

  constructor(private readonly deps: RecorderDeps) {}

  /** A top-level navigation began: everything after it belongs to a new page. */
  mainFrame(tabId: number, url: string, at: number): Promise<void> {
    return this.serial(tabId, async () => {
      // Firefox may deliver the main_frame event after the new document's content script has
      // already spoken (and started its page): that page is this navigation. A new page here
      // would orphan the document's later reports as "late words from a page left".
      const current = await this.currentPage(tabId);
      if (current?.documentToken && current.url === url && current.startedAt >= at) return;
      await this.startPage(tabId, url, at, null);
    });
  }

  /** A finished request of the tab; kept only when it is Selgeo's. */
  request(tracked: TrackedRequest): Promise<void> {
    const { tabId } = tracked;
    return this.serial(tabId, async () => {
      // Inside the tab's queue (at most PROBE_TIMEOUT_MS): the page's later events, its settled
      // snapshot among them, must not be seen before what the server said.
      if (this.deps.probe && isHiddenAnswer(tracked.record)) {
        const answer = await this.deps.probe(tracked.record.url);
        if (answer) tracked = { ...tracked, record: { ...tracked.record, ...answer } };
      }
      const page = await this.currentPage(tabId);
      if (!page) return;
      const known = await this.knownHosts(tabId, page);
      if (
        isSelgeoRequest(
          tracked.record.url,
          known?.origins ?? { snippet: [], api: [], lazy: [] },
          known?.tagSrcs ?? [],
        )
      ) {
        await this.append(tabId, page.pageId, tracked.at, tracked.record);
        return;
      }
      // Until the content script reports the tag, any request could be the snippet's.
      let buffer = this.pending.get(tabId);
      if (!buffer || buffer.pageId !== page.pageId) {
        buffer = { pageId: page.pageId, requests: [] };
        this.pending.set(tabId, buffer);
      }
      buffer.requests.push(tracked);
      if (buffer.requests.length > PENDING_PER_TAB) buffer.requests.shift();
    });
  }

  /** Something the content script saw in the tab's document. */
  observed(tabId: number, documentToken: string, event: TimelineEvent): Promise<void> {
    const at = this.deps.now();
    return this.serial(tabId, async () => {
      const url = event.kind === "snapshot" ? event.url : null;
      const page = await this.pageForDocument(tabId, documentToken, url, at);
      if (!page) return;
      await this.append(tabId, page.pageId, at, event);
      if (event.kind === "snapshot") {
        if (url && url !== page.url) {
          if (!this.isUnstored(tabId, page)) await this.deps.store.setPageUrl(page.pageId, url);
          page.url = url;
        }
        await this.learnHosts(tabId, page, event.tags, event.url);
      }
    });
  }

  async session(tabId: number, preserveLog = false): Promise<SessionView> {
    const store = this.deps.store;
    const stored = await store.pages(tabId);
    const unstored = this.unstored.get(tabId);
    const pages = unstored ? [...stored, unstored.page] : stored;
    const page = pages.at(-1);
    const pageEntries =
      unstored && page === unstored.page
        ? unstored.entries
        : page
          ? await store.pageEntries(tabId, page.pageId)
          : [];
    const allEntries = preserveLog
      ? [...(await store.tabEntries(tabId)), ...(unstored?.entries ?? [])]
      : null;
    return {
      ...buildSessionView({ tabId, pages, pageEntries, allEntries }),
      stored: !unstored,
      dropped: page && !unstored ? await store.dropped(page.pageId) : 0,
    };
  }

  clear(tabId: number): Promise<void> {
    return this.serial(tabId, async () => {
      const unstored = this.unstored.get(tabId);
      if (unstored) unstored.entries = [];
      await this.deps.store.clearTab(tabId, unstored ? null : undefined);
      this.pending.delete(tabId);
      this.changed(tabId);
    });
  }

  tabClosed(tabId: number): Promise<void> {
    return this.serial(tabId, async () => {
      await this.deps.store.forgetTab(tabId);
      this.current.delete(tabId);
      this.unstored.delete(tabId);
      this.leftTokens.delete(tabId);
      this.hosts.delete(tabId);
      this.pending.delete(tabId);
    });
  }

  /** Events of one tab are handled one at a time, in arrival order. */
  private serial(tabId: number, task: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(tabId) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.queues.set(
      tabId,
      next.catch(() => undefined),
    );
    return next;
  }

  private async startPage(tabId: number, url: string, at: number, token: string | null) {
    const left = this.unstored.get(tabId)?.page.documentToken;
    if (left) {
      const tokens = [...(this.leftTokens.get(tabId) ?? []), left].slice(-LEFT_TOKENS_PER_TAB);
      this.leftTokens.set(tabId, tokens);
    }
    // Kept in memory until a Selgeo tag shows up on it (see append).
    const page = this.deps.store.newPage(tabId, url, at, token);
    this.unstored.set(tabId, {
      page,
      entries: [{ tabId, pageId: page.pageId, at, event: { kind: "navigation", url } }],
    });
    this.current.set(tabId, page);
    this.pending.delete(tabId);
    this.hosts.delete(tabId);
    this.changed(tabId);
    return page;
  }

  /** From memory, or from IndexedDB after the service worker was restarted. */
  private async currentPage(tabId: number): Promise<Page | undefined> {
    const cached = this.current.get(tabId);
    if (cached) return cached;
    const stored = await this.deps.store.currentPage(tabId);
    if (stored) this.current.set(tabId, stored);
    return stored;
  }

  /** The page's Selgeo hosts; after a worker restart, relearned from its stored snapshot. */
  private async knownHosts(tabId: number, page: Page): Promise<KnownHosts | null> {
    const cached = this.hosts.get(tabId);
    if (cached?.pageId === page.pageId) return cached;
    const entries = await this.entriesOf(tabId, page);
    const last = entries.findLast((e) => e.event.kind === "snapshot")?.event;
    if (last?.kind !== "snapshot") return null;
    const known = {
      pageId: page.pageId,
      origins: selgeoOrigins(last.tags, last.url),
      tagSrcs: last.tags.flatMap((t) => (t.src ? [t.src] : [])),
    };
    this.hosts.set(tabId, known);
    return known;
  }

  /** A document this tab already left (stored or not): its late words are ignored. */
  private async leftDocument(tabId: number, token: string): Promise<boolean> {
    if (this.leftTokens.get(tabId)?.includes(token)) return true;
    const older = await this.deps.store.pages(tabId);
    return older.some((p) => p.documentToken === token);
  }

  private isUnstored(tabId: number, page: Page): boolean {
    return this.unstored.get(tabId)?.page.pageId === page.pageId;
  }

  private async entriesOf(tabId: number, page: Page): Promise<TimelineEntry[]> {
    const unstored = this.unstored.get(tabId);
    if (unstored?.page.pageId === page.pageId) return unstored.entries;
    return this.deps.store.pageEntries(tabId, page.pageId);
  }

  private async pageForDocument(tabId: number, token: string, url: string | null, at: number) {
    const page = await this.currentPage(tabId);
    if (page?.documentToken === token) return page;
    if (page && page.documentToken === null) {
      // The first word from the document a main-frame request announced.
      if (await this.leftDocument(tabId, token)) return null; // late word from a page left
      if (!this.isUnstored(tabId, page)) await this.deps.store.setDocumentToken(page.pageId, token);
      page.documentToken = token;
      return page;
    }
    if (page && (await this.leftDocument(tabId, token))) return null;
    // A document webRequest never announced (back/forward cache, or recording began late).
    return url ? this.startPage(tabId, url, at, token) : null;
  }

  private async learnHosts(
    tabId: number,
    page: Page,
    tags: Parameters<typeof selgeoOrigins>[0],
    pageUrl: string,
  ) {
    const origins = selgeoOrigins(tags, pageUrl);
    const tagSrcs = tags.flatMap((t) => (t.src ? [t.src] : []));
    this.hosts.set(tabId, { pageId: page.pageId, origins, tagSrcs });
    const buffer = this.pending.get(tabId);
    if (buffer?.pageId === page.pageId) {
      const keep: TrackedRequest[] = [];
      for (const tracked of buffer.requests) {
        if (isSelgeoRequest(tracked.record.url, origins, tagSrcs)) {
          await this.append(tabId, page.pageId, tracked.at, tracked.record);
        } else keep.push(tracked);
      }
      buffer.requests = keep;
    }
    const tag = tags[0];
    if (!tag) return;
    const apiBase = apiBaseOf(tag, pageUrl);
    const key = tag.merchant;
    if (!apiBase || !key || classifyKey(key).kind !== "publishable") return;
    const id = `${page.pageId} ${apiBase} ${key}`;
    if (this.keyChecks.has(id)) return;
    this.keyChecks.add(id);
    // Not awaited: the answer may take seconds and must not hold up the tab's other events.
    this.deps
      .checkKey(apiBase, key)
      .then((check) =>
        this.serial(tabId, () => this.append(tabId, page.pageId, this.deps.now(), check)),
      )
      .catch((error: unknown) => console.error("Selgeo recorder:", error));
  }

  private async append(
    tabId: number,
    pageId: string,
    at: number,
    event: TimelineEvent | RequestRecord,
  ) {
    const unstored = this.unstored.get(tabId);
    if (unstored?.page.pageId === pageId) {
      // Cut to the store's limits in memory too: a page without Selgeo gets no more room.
      unstored.entries.push({ tabId, pageId, at, event: capEvent(event).event });
      if (showsSelgeo(event)) {
        // Selgeo is on this page: from now on it is recorded for real.
        this.unstored.delete(tabId);
        await this.deps.store.savePage(unstored.page, unstored.entries);
      } else {
        // Enough to say "no snippet here", and no more.
        unstored.entries = pruneUnstored(unstored.entries);
      }
    } else {
      await this.deps.store.append(tabId, pageId, at, event);
    }
    this.changed(tabId);
  }

  /** Throttled, not debounced: a page that never stops sending still gets pushed updates. */
  private changed(tabId: number) {
    const notify = this.deps.onSessionChanged;
    if (!notify || this.changeTimers.has(tabId)) return;
    this.changeTimers.set(
      tabId,
      setTimeout(() => {
        this.changeTimers.delete(tabId);
        void this.session(tabId).then((view) => notify(tabId, view));
      }, this.deps.changeDelayMs ?? 150),
    );
  }
}
