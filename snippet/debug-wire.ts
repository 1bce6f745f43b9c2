// The `selgeo:debug` wire format: what the snippet puts in each event's `detail`, and the one
// decoder every reader uses (the extension's content script, the demo page, the tests) to turn it
// back into a named DebugEvent (snippet/protocol.ts). The snippet sends a positional tuple,
// `[code, ...fields]`, so no event or field name is in its bundle (its size budget,
// docs/snippet.md § Size); the names live here, on the reading side only. The snippet imports
// DebugCode alone, whose members esbuild inlines as numbers.

import type { DebugEvent, KeyProblem, StoredClick } from "./protocol";

/** An event's code on the wire. Append only: a code, once shipped, keeps its meaning. */
export enum DebugCode {
  loaded,
  config_invalid,
  key_invalid,
  no_ref,
  click_reused,
  click_kept,
  click_recorded,
  click_failed,
  rate_limited,
  click_queued,
  links_decorated,
}

/** What the snippet dispatches, one tuple per DebugEvent; WIRE_FIELDS names the positions. */
export type DebugWire =
  | [DebugCode.loaded, version: string, key: string | null, api: string | null]
  | [DebugCode.config_invalid, value: string]
  | [DebugCode.key_invalid, reason: KeyProblem, key: string | null]
  | [DebugCode.no_ref, params: string[]]
  | [DebugCode.click_reused, click_id: string, ref: string]
  | [DebugCode.click_kept, click_id: string, ref: string, ignored_ref: string]
  /** The stored click itself: its fields are the event's. */
  | [DebugCode.click_recorded, click: StoredClick]
  | [DebugCode.click_failed, status: number, ref: string, code: string | undefined]
  | [DebugCode.rate_limited, retry_after: number | null, ref: string]
  | [
      DebugCode.click_queued,
      ref: string,
      failed_attempts: number,
      retry_in: number | null,
      withheld: string | null,
    ]
  | [DebugCode.links_decorated, count: number, click_id: string, kept: number];

type EventOf<T extends DebugEvent["type"]> = Extract<DebugEvent, { type: T }>;
type FieldOf<T extends DebugEvent["type"]> = Exclude<keyof EventOf<T>, "type"> & string;

/**
 * Each event's fields in wire order: `name` takes the next position; `name?` too, but is left
 * out when the wire holds null or nothing there (JSON turns a missing element into null); `*`
 * spreads the object at the next position into the event; `name=value` is a constant the wire
 * does not carry. Typed against DebugEvent, so a field renamed there fails the type check here.
 */
export const WIRE_FIELDS: {
  [T in DebugEvent["type"]]: readonly (
    | FieldOf<T>
    | `${FieldOf<T>}?`
    | `${FieldOf<T>}=${string}`
    | "*"
  )[];
} = {
  loaded: ["version", "key", "api"],
  config_invalid: ["attribute=data-api", "value"],
  key_invalid: ["reason", "key"],
  no_ref: ["params"],
  click_reused: ["click_id", "ref"],
  click_kept: ["click_id", "ref", "ignored_ref"],
  click_recorded: ["*"],
  click_failed: ["status", "ref", "code?"],
  rate_limited: ["retry_after", "ref"],
  click_queued: ["ref", "failed_attempts", "retry_in", "withheld"],
  links_decorated: ["count", "click_id", "kept?"],
};

/**
 * `[type, ...fields]` for each code, in code order: the table decodeWire reads. (Marked pure so
 * the snippet's bundle, which imports DebugCode from this file, leaves it out.)
 */
export const WIRE_TABLE: readonly (readonly string[])[] = /* @__PURE__ */ (
  Object.values(DebugCode).filter((name) => typeof name === "string") as DebugEvent["type"][]
).map((type) => [type, ...WIRE_FIELDS[type]]);

/**
 * The decoder itself, self-contained (no closures, no inner functions) so that the demo page can
 * run this very function from its source text with WIRE_TABLE as JSON. A tuple with a known code
 * is decoded; any other value (an older snippet's named event, what a page's own script
 * dispatched) is returned as it is. Nothing is validated here: parseDebugEvent
 * (debug-event-schema.ts) decides what is believed.
 */
export function decodeWire(detail: unknown, table: readonly (readonly string[])[]): unknown {
  if (!Array.isArray(detail) || typeof detail[0] !== "number") return detail;
  const entry = table[detail[0]];
  if (!entry) return detail;
  const event: Record<string, unknown> = { type: entry[0] };
  let position = 1;
  for (let index = 1; index < entry.length; index++) {
    const field = entry[index] as string;
    const equals = field.indexOf("=");
    if (equals > 0) {
      event[field.slice(0, equals)] = field.slice(equals + 1);
      continue;
    }
    const value: unknown = detail[position++];
    if (field === "*") {
      if (value && typeof value === "object" && !Array.isArray(value)) {
        for (const name of Object.keys(value)) {
          // A page could send `__proto__`: it must not become the event's prototype.
          if (name !== "type" && name !== "__proto__") {
            event[name] = (value as Record<string, unknown>)[name];
          }
        }
      }
    } else if (!field.endsWith("?")) event[field] = value;
    else if (value !== null && value !== undefined) event[field.slice(0, -1)] = value;
  }
  return event;
}

/** The named event a `selgeo:debug` detail stands for (see decodeWire). */
export function decodeDebugEvent(detail: unknown): unknown {
  return decodeWire(detail, WIRE_TABLE);
}
