// The extension's IndexedDB database (Dexie): pages and timeline entries per tab. IndexedDB
// outlives the MV3 service worker, which Chrome stops after ~30 s idle, so a tab's session
// survives the worker's restarts. Tests pass fake-indexeddb through `options`.
import { Dexie, type DexieOptions, type EntityTable } from "dexie";
import type { Page, TimelineEntry } from "../session/events";

export class SessionDb extends Dexie {
  pages!: EntityTable<Page, "pageId">;
  entries!: EntityTable<TimelineEntry, "id">;

  constructor(name = "selgeo-sessions", options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      pages: "pageId, tabId, [tabId+startedAt]",
      entries: "++id, tabId, [tabId+pageId]",
    });
  }
}
