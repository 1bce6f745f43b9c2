// The `selgeo:debug` wire form (snippet/debug-wire.ts): what the snippet sends is decoded back
// into the named events the extension, the doctor and the tests reason about, and whatever else
// arrives on the channel (an older snippet's named events, a page's own) passes through untouched.
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { parseDebugEvent } from "../../../snippet/debug-event-schema";
import {
  DebugCode,
  type DebugWire,
  decodeDebugEvent,
  decodeWire,
  WIRE_FIELDS,
  WIRE_TABLE,
} from "../../../snippet/debug-wire";
import type { DebugEvent, StoredClick } from "../../../snippet/protocol";

const CLICK_ID = "clk_2Yf8kQ";
const click: StoredClick = {
  click_id: CLICK_ID,
  ref: "demo",
  mode: "live",
  expires_at: "2030-01-01T00:00:00.000Z",
  attribution_model: "last_click",
};

/** Every tuple the snippet sends, next to the event it stands for. */
const WIRE: [DebugWire, DebugEvent][] = [
  [
    [DebugCode.loaded, "1.0.0", "pk_test_x", "https://api.selgeo.com"],
    { type: "loaded", version: "1.0.0", key: "pk_test_x", api: "https://api.selgeo.com" },
  ],
  [
    [DebugCode.loaded, "1.0.0", null, null],
    { type: "loaded", version: "1.0.0", key: null, api: null },
  ],
  [
    [DebugCode.config_invalid, "ftp://x"],
    { type: "config_invalid", attribute: "data-api", value: "ftp://x" },
  ],
  [
    [DebugCode.key_invalid, "secret", "sk_live_…"],
    { type: "key_invalid", reason: "secret", key: "sk_live_…" },
  ],
  [[DebugCode.no_ref, ["ref", "via"]], { type: "no_ref", params: ["ref", "via"] }],
  [
    [DebugCode.click_reused, CLICK_ID, "demo"],
    { type: "click_reused", click_id: CLICK_ID, ref: "demo" },
  ],
  [
    [DebugCode.click_kept, CLICK_ID, "demo", "other"],
    { type: "click_kept", click_id: CLICK_ID, ref: "demo", ignored_ref: "other" },
  ],
  [[DebugCode.click_recorded, click], { type: "click_recorded", ...click }],
  [
    [DebugCode.click_failed, 403, "demo", "ORIGIN_NOT_ALLOWED"],
    { type: "click_failed", status: 403, code: "ORIGIN_NOT_ALLOWED", ref: "demo" },
  ],
  [
    [DebugCode.click_failed, 0, "demo", undefined],
    { type: "click_failed", status: 0, ref: "demo" },
  ],
  [[DebugCode.rate_limited, 30, "demo"], { type: "rate_limited", retry_after: 30, ref: "demo" }],
  [
    [DebugCode.click_queued, "demo", 2, 8000, CLICK_ID],
    { type: "click_queued", ref: "demo", failed_attempts: 2, retry_in: 8000, withheld: CLICK_ID },
  ],
  [
    [DebugCode.click_queued, "demo", 4, null, null],
    { type: "click_queued", ref: "demo", failed_attempts: 4, retry_in: null, withheld: null },
  ],
  [
    [DebugCode.links_decorated, 2, CLICK_ID, 1],
    { type: "links_decorated", count: 2, click_id: CLICK_ID, kept: 1 },
  ],
];

/** The detail as the extension's content script receives it: copied as JSON across worlds. */
const acrossWorlds = (detail: unknown) => JSON.parse(JSON.stringify(detail)) as unknown;

describe("decodeDebugEvent", () => {
  it.each(WIRE)("%j is the event the extension believes", (wire, event) => {
    const decoded = decodeDebugEvent(acrossWorlds(wire));
    expect(decoded).toEqual(event);
    expect(parseDebugEvent(decoded)).toEqual(event);
  });

  it("has a code for every event type, in the order of the table", () => {
    expect(WIRE_TABLE.map(([type]) => type)).toEqual(Object.keys(WIRE_FIELDS));
    expect(WIRE_TABLE[DebugCode.click_queued]?.[0]).toBe("click_queued");
    expect(new Set(WIRE.map(([wire]) => wire[0])).size).toBe(WIRE_TABLE.length);
  });

  it("passes an older snippet's named events through, so they stay readable", () => {
    for (const [, event] of WIRE) expect(decodeDebugEvent(acrossWorlds(event))).toEqual(event);
  });

  it("leaves what is not a known tuple as it is (then the schema decides)", () => {
    for (const detail of [
      null,
      "x",
      3,
      [],
      ["loaded"],
      [99, "x"],
      [-1],
      [1.5],
      { type: "flood" },
    ]) {
      expect(decodeDebugEvent(detail)).toEqual(detail);
    }
    // A known code with fields of the wrong type decodes, and is then not believed.
    expect(parseDebugEvent(decodeDebugEvent([DebugCode.click_failed, "403", "demo"]))).toBeNull();
    expect(parseDebugEvent(decodeDebugEvent([DebugCode.click_recorded, "clk_x"]))).toBeNull();
  });

  it("never lets a page's `__proto__` or `type` into a spread click", () => {
    const forged = JSON.parse(
      `[${DebugCode.click_recorded}, {"__proto__": {"polluted": 1}, "type": "loaded", "click_id": "clk_x"}]`,
    );
    const decoded = decodeDebugEvent(forged) as Record<string, unknown>;
    expect(decoded.type).toBe("click_recorded");
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(decoded.polluted).toBeUndefined();
  });

  it("runs from its source text, as the demo page runs it", () => {
    const decode = runInNewContext(`(${decodeWire.toString()})`) as typeof decodeWire;
    const table = JSON.parse(JSON.stringify(WIRE_TABLE));
    for (const [wire, event] of WIRE) expect(decode(acrossWorlds(wire), table)).toEqual(event);
  });
});
