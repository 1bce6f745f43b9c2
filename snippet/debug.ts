// The `selgeo:debug` channel: every step is announced for the DevTools extension and the doctor.
// Pages never depend on it, so failing to announce (no CustomEvent) never stops the snippet.
import { attempt } from "./attempt";
import type { DebugWire } from "./debug-wire";
import { DEBUG_EVENT_NAME } from "./protocol";

/** Dispatches one event in its wire form (debug-wire.ts). */
export function announce(event: DebugWire): void {
  attempt(() => dispatchEvent(new CustomEvent(DEBUG_EVENT_NAME, { detail: event })));
}
