// What a page can make the extension store. Everything recorded passes through the page's
// hands (its DOM, its `selgeo:debug` events, its localStorage, its URLs), so each event is cut
// to a size and each page's record to a total before IndexedDB sees it: a hostile page cannot
// fill the disk. Pure: the store applies it, the tests drive it directly.
import type { TimelineEvent } from "../session/events";

/** Largest stored event, in JSON characters: a snippet's own debug event is a few hundred. */
export const MAX_DEBUG_EVENT_CHARS = 4_096;
/** Snapshots carry tags, links and the page's CSP policy; real ones stay well under this. */
export const MAX_EVENT_CHARS = 16_384;
/** One page's whole record (all its entries), in JSON characters. */
export const MAX_PAGE_CHARS = 512 * 1024;
/** Keys kept in a page-made object (a debug event, a stored click). */
const MAX_KEYS = 24;
const MAX_DEPTH = 6;

export const TRUNCATED_MARK = "…[truncated]";

/** Cut strings, arrays, objects and nesting of a page-made value to the given sizes. */
function shrink(value: unknown, maxString: number, maxItems: number, depth = 0): unknown {
  if (typeof value === "string") {
    return value.length > maxString ? `${value.slice(0, maxString)}${TRUNCATED_MARK}` : value;
  }
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return TRUNCATED_MARK;
  if (Array.isArray(value)) {
    return value.slice(0, maxItems).map((v) => shrink(v, maxString, maxItems, depth + 1));
  }
  const entries = Object.entries(value).slice(0, MAX_KEYS);
  return Object.fromEntries(
    entries.map(([k, v]) => [k.slice(0, 64), shrink(v, maxString, maxItems, depth + 1)]),
  );
}

export function eventChars(event: TimelineEvent): number {
  return JSON.stringify(event).length;
}

export function eventLimit(event: TimelineEvent): number {
  return event.kind === "debug_event" ? MAX_DEBUG_EVENT_CHARS : MAX_EVENT_CHARS;
}

/** Steps from gentle to drastic: the first that fits wins. */
const STEPS: Array<[maxString: number, maxItems: number]> = [
  [2048, 50],
  [512, 20],
  [128, 5],
  [64, 1],
];

/**
 * The event as it may be stored: unchanged when it fits its limit, else shrunk step by step and
 * marked `truncated: true` (long strings end with TRUNCATED_MARK). The discriminating fields
 * (`kind`, a debug event's `type`) survive, so the rules still read what is left.
 */
export function capEvent(event: TimelineEvent): { event: TimelineEvent; chars: number } {
  const limit = eventLimit(event);
  const chars = eventChars(event);
  if (chars <= limit) return { event, chars };
  for (const [maxString, maxItems] of STEPS) {
    const { kind, ...rest } = event;
    const shrunk = {
      ...(shrink(rest, maxString, maxItems) as object),
      kind,
      truncated: true,
    } as TimelineEvent;
    if (shrunk.kind === "debug_event" && event.kind === "debug_event") {
      // The type says what the event is, even when the page buried it among many keys.
      shrunk.event = { ...shrunk.event, type: String(event.event.type).slice(0, 64) };
    }
    const size = eventChars(shrunk);
    if (size <= limit) return { event: shrunk, chars: size };
  }
  // Nothing page-made is left worth keeping: the kind and, for a debug event, its type.
  const last: TimelineEvent =
    event.kind === "debug_event"
      ? {
          kind: "debug_event",
          event: { type: String(event.event.type).slice(0, 64) },
          truncated: true,
        }
      : ({
          ...(shrink(event, 32, 0) as object),
          kind: event.kind,
          truncated: true,
        } as TimelineEvent);
  return { event: last, chars: eventChars(last) };
}
