// Each event a page can make the extension store is cut to its limit, marked, and keeps what
// the rules need (its kind, a debug event's type).
import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "../../../../extension/session/events";
import { timelineEventSchema } from "../../../../extension/session/events";
import {
  capEvent,
  eventChars,
  MAX_DEBUG_EVENT_CHARS,
  MAX_EVENT_CHARS,
  TRUNCATED_MARK,
} from "../../../../extension/store/caps";
import { snapshot } from "../timeline";

describe("capEvent", () => {
  it("leaves an ordinary event alone", () => {
    const event: TimelineEvent = {
      kind: "debug_event",
      event: { type: "click_recorded", click_id: "clk_1" },
    };
    expect(capEvent(event).event).toBe(event);
  });

  it("cuts a huge debug event to its limit, keeps its type and marks it", () => {
    const event: TimelineEvent = {
      kind: "debug_event",
      event: {
        type: "click_failed",
        payload: "x".repeat(1_000_000),
        list: Array(10_000).fill("y"),
      },
    };
    const { event: capped, chars } = capEvent(event);
    expect(chars).toBeLessThanOrEqual(MAX_DEBUG_EVENT_CHARS);
    expect(chars).toBe(eventChars(capped));
    expect(capped.kind === "debug_event" && capped.event.type).toBe("click_failed");
    expect(capped.truncated).toBe(true);
    expect(JSON.stringify(capped)).toContain(TRUNCATED_MARK);
    expect(timelineEventSchema.parse(capped)).toEqual(capped);
  });

  it("keeps a debug event's type even under thousands of keys and deep nesting", () => {
    const detail: Record<string, unknown> = {};
    for (let i = 0; i < 5000; i++) detail[`k${i}`] = "v".repeat(100);
    let deep: unknown = "bottom";
    for (let i = 0; i < 200; i++) deep = { deep };
    detail.deep = deep;
    detail.type = "snippet_ready";
    const { event: capped, chars } = capEvent({
      kind: "debug_event",
      event: detail as { type: string },
    });
    expect(chars).toBeLessThanOrEqual(MAX_DEBUG_EVENT_CHARS);
    expect(capped.kind === "debug_event" && capped.event.type).toBe("snippet_ready");
  });

  it("cuts a snapshot's lists and strings but keeps it valid for the rules", () => {
    const big = snapshot({
      stripeLinks: Array.from({ length: 20_000 }, (_, i) => ({
        href: `https://buy.stripe.com/${"a".repeat(200)}${i}`,
        clientReferenceId: null,
        inShadowRoot: false,
      })),
      storedClick: { local: { click_id: "clk_1", junk: "z".repeat(500_000) }, cookie: null },
    });
    const { event: capped, chars } = capEvent(big);
    expect(chars).toBeLessThanOrEqual(MAX_EVENT_CHARS);
    expect(capped.kind).toBe("snapshot");
    expect(capped.truncated).toBe(true);
    const parsed = timelineEventSchema.parse(capped);
    expect(parsed.kind === "snapshot" && parsed.tags.length).toBeGreaterThanOrEqual(1);
    expect(parsed.kind === "snapshot" && parsed.stripeLinks.length).toBeGreaterThanOrEqual(1);
  });
});
