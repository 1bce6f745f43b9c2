// The `selgeo:debug` channel: every step is announced for the DevTools extension and the doctor.
// Pages never depend on it, so failing to announce (no CustomEvent) never stops the snippet.
import { attempt } from "./attempt";
import { DEBUG_EVENT_NAME, type DebugEvent } from "./protocol";

export function announce(event: DebugEvent): void {
  attempt(() => dispatchEvent(new CustomEvent(DEBUG_EVENT_NAME, { detail: event })));
}
