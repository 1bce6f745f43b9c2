// The extension's IndexedDB database (Dexie): pages and timeline entries per tab. IndexedDB
// outlives the MV3 service worker, which Chrome stops after ~30 s idle, so a tab's session
// survives the worker's restarts. Tests pass fake-indexeddb through `options`.
import { Dexie, type DexieOptions, type EntityTable } from "dexie";
import type { Page, TimelineEntry } from "../session/events";

/** How much of its limits a page's record uses (extension/store/caps.ts). */
export interface PageUsage {
  pageId: string;
  tabId: number;
  entries: number;
  /** JSON characters of the stored entries. */
  chars: number;
  /** Events not stored because the page reached a limit. */
  dropped: number;
  /** The share of `entries` and `chars` that are the page's `selgeo:debug` events. */
  debugEntries?: number;
  debugChars?: number;
}

export class SessionDb extends Dexie {
  pages!: EntityTable<Page, "pageId">;
  entries!: EntityTable<TimelineEntry, "id">;
  usage!: EntityTable<PageUsage, "pageId">;

  constructor(name = "selgeo-sessions", options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      pages: "pageId, tabId, [tabId+startedAt]",
      entries: "++id, tabId, [tabId+pageId]",
    });
    // v2: per-page usage, so a page's record is bounded in bytes as well as in entries.
    this.version(2).stores({ usage: "pageId, tabId" });
  }
}
