// The background's brain: decides which page of which tab each observation belongs to, keeps
// only Selgeo's requests, asks keys/check once per page and key, and stores everything through
// the SessionStore. Browser APIs stay in entrypoints/background; this class is tested directly.

import {
  apiOriginOf,
  isSelgeoRequest,
  type SelgeoOrigins,
  selgeoOrigins,
} from "../diagnosis/hosts";
import { classifyKey } from "../diagnosis/key";
import type { KeyCheck, Page, RequestRecord, TimelineEvent } from "../session/events";
import { buildSessionView, type SessionView } from "../session/view";
import type { SessionStore } from "../store/sessionStore";
import type { TrackedRequest } from "./requestTracker";

export interface RecorderDeps {
  store: SessionStore;
  now: () => number;
  checkKey: (apiOrigin: string, key: string) => Promise<KeyCheck>;
  /** Called (debounced) after a tab's session changed: the background updates the badge. */
  onSessionChanged?: (tabId: number, view: SessionView) => void;
  changeDelayMs?: number;
}

/** Requests kept per tab while it is not yet known which hosts are Selgeo's. */
const PENDING_PER_TAB = 300;

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
      const page = await this.currentPage(tabId);
      if (!page) return;
      const known = await this.knownHosts(tabId, page);
      if (
        isSelgeoRequest(
          tracked.record.url,
          known?.origins ?? { snippet: [], api: [] },
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
          await this.deps.store.setPageUrl(page.pageId, url);
          page.url = url;
        }
        await this.learnHosts(tabId, page, event.tags, event.url);
      }
    });
  }

  async session(tabId: number, preserveLog = false): Promise<SessionView> {
    const store = this.deps.store;
    const pages = await store.pages(tabId);
    const page = pages.at(-1);
    return buildSessionView({
      tabId,
      pages,
      pageEntries: page ? await store.pageEntries(tabId, page.pageId) : [],
      allEntries: preserveLog ? await store.tabEntries(tabId) : null,
    });
  }

  clear(tabId: number): Promise<void> {
    return this.serial(tabId, async () => {
      await this.deps.store.clearTab(tabId);
      this.pending.delete(tabId);
      this.changed(tabId);
    });
  }

  tabClosed(tabId: number): Promise<void> {
    return this.serial(tabId, async () => {
      await this.deps.store.forgetTab(tabId);
      this.current.delete(tabId);
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
    const page = await this.deps.store.startPage(tabId, url, at, token);
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
    const entries = await this.deps.store.pageEntries(tabId, page.pageId);
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

  private async pageForDocument(tabId: number, token: string, url: string | null, at: number) {
    const page = await this.currentPage(tabId);
    if (page?.documentToken === token) return page;
    if (page && page.documentToken === null) {
      // The first word from the document a main-frame request announced.
      const older = await this.deps.store.pages(tabId);
      if (older.some((p) => p.documentToken === token)) return null; // late word from a page left
      await this.deps.store.setDocumentToken(page.pageId, token);
      page.documentToken = token;
      return page;
    }
    if (page) {
      const older = await this.deps.store.pages(tabId);
      if (older.some((p) => p.documentToken === token)) return null;
    }
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
    const apiOrigin = apiOriginOf(tag, pageUrl);
    const key = tag.merchant;
    if (!apiOrigin || !key || classifyKey(key).kind !== "publishable") return;
    const id = `${page.pageId} ${apiOrigin} ${key}`;
    if (this.keyChecks.has(id)) return;
    this.keyChecks.add(id);
    // Not awaited: the answer may take seconds and must not hold up the tab's other events.
    this.deps
      .checkKey(apiOrigin, key)
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
    await this.deps.store.append(tabId, pageId, at, event);
    this.changed(tabId);
  }

  private changed(tabId: number) {
    const notify = this.deps.onSessionChanged;
    if (!notify) return;
    clearTimeout(this.changeTimers.get(tabId));
    this.changeTimers.set(
      tabId,
      setTimeout(() => {
        this.changeTimers.delete(tabId);
        void this.session(tabId).then((view) => notify(tabId, view));
      }, this.deps.changeDelayMs ?? 150),
    );
  }
}
