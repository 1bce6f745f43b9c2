// Narrowed views of the snippet's debug events (snippet/protocol.ts), for rules that read them.
import type { DebugEvent } from "../../snippet/protocol";

export type RateLimitedEvent = Extract<DebugEvent, { type: "rate_limited" }>;
export type ClickFailedEvent = Extract<DebugEvent, { type: "click_failed" }>;

export function clickFailures(events: DebugEvent[]): ClickFailedEvent[] {
  return events.filter((e): e is ClickFailedEvent => e.type === "click_failed");
}

export function clickSucceeded(events: DebugEvent[]): boolean {
  // click_kept: under first_click the stored click stays and no request is made — a success.
  return events.some(
    (e) => e.type === "click_recorded" || e.type === "click_reused" || e.type === "click_kept",
  );
}
