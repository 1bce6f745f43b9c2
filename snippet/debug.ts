// The `selgeo:debug` channel: every step is announced for the DevTools extension and the doctor.
// Pages never depend on it, so a failure to announce must never stop the snippet.
import { DEBUG_EVENT_NAME, type DebugEvent } from "./protocol";

export function announce(event: DebugEvent): void {
  try {
    dispatchEvent(new CustomEvent(DEBUG_EVENT_NAME, { detail: event }));
  } catch {
    // Old browsers without CustomEvent: nobody can be listening there anyway.
  }
}
