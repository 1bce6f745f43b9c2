// A verified event around a payload object, for the event types' pure parsers.
import type { VerifiedEvent } from "../../../../server/stripe/verify";

export const CREATED = Date.parse("2026-01-15T12:00:00.000Z") / 1000;

export function event(type: string, object: Record<string, unknown>): VerifiedEvent {
  return { id: "evt_1", type, livemode: false, created: CREATED, object };
}
