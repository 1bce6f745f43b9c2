// A page's own scripts can dispatch `selgeo:debug` with anything in it: only events shaped as
// the snippet sends them (snippet/debug-event-schema.ts) reach the rules.
import { describe, expect, it } from "vitest";
import { clickSucceeded } from "../../../../extension/diagnosis/debugEvents";
import type { TimelineEvent } from "../../../../extension/session/events";
import { parseDebugEvent } from "../../../../snippet/debug-event-schema";
import { CLICK_ID, debug, observations } from "../timeline";

/** A debug event as a page could dispatch it, whatever its shape. */
const forged = (event: { type: string } & Record<string, unknown>): TimelineEvent => ({
  kind: "debug_event",
  event,
});

describe("debug events from the page", () => {
  it("keeps the snippet's own events, without fields it did not send", () => {
    const o = observations([
      debug({ type: "no_ref", params: ["ref"] }),
      forged({ type: "click_failed", status: 403, code: "ORIGIN_NOT_ALLOWED", ref: "demo", x: 1 }),
    ]);
    expect(o.debugEvents).toEqual([
      { type: "no_ref", params: ["ref"] },
      { type: "click_failed", status: 403, code: "ORIGIN_NOT_ALLOWED", ref: "demo" },
    ]);
  });

  it("ignores events with the snippet's names but fields of the wrong type", () => {
    const o = observations([
      forged({ type: "click_recorded", click_id: { id: CLICK_ID }, ref: "demo" }),
      forged({ type: "click_failed", status: "403", ref: "demo" }),
      forged({ type: "rate_limited", retry_after: "soon", ref: "demo" }),
      forged({
        type: "click_queued",
        ref: "demo",
        failed_attempts: "1",
        retry_in: 0,
        withheld: null,
      }),
      forged({ type: "key_invalid", reason: "expired", key: null }),
      forged({ type: "made_up" }),
    ]);
    expect(o.debugEvents).toEqual([]);
    // A forged success cannot hide that no click was recorded.
    expect(clickSucceeded(o.debugEvents)).toBe(false);
  });

  it("accepts every event type the snippet sends", () => {
    const events = [
      { type: "loaded", version: "1.0.0", key: null, api: null },
      { type: "config_invalid", attribute: "data-api", value: "ftp://x" },
      { type: "key_invalid", reason: "secret", key: "sk_live_…SSSS" },
      { type: "no_ref", params: ["ref", "via"] },
      { type: "click_reused", click_id: CLICK_ID, ref: "demo" },
      { type: "click_kept", click_id: CLICK_ID, ref: "demo", ignored_ref: "other" },
      {
        type: "click_recorded",
        click_id: CLICK_ID,
        ref: "demo",
        mode: "live",
        expires_at: "2030-01-01T00:00:00.000Z",
        attribution_model: "last_click",
      },
      { type: "click_failed", status: 0, ref: "demo" },
      { type: "rate_limited", retry_after: null, ref: "demo" },
      { type: "click_queued", ref: "demo", failed_attempts: 2, retry_in: 8000, withheld: CLICK_ID },
      { type: "click_queued", ref: "demo", failed_attempts: 4, retry_in: null, withheld: null },
      { type: "links_decorated", count: 2, click_id: CLICK_ID, kept: 1 },
    ];
    for (const event of events) expect(parseDebugEvent(event)).toEqual(event);
  });
});
