// A nudge from the outbox to this process's delivery worker, so a delivery leaves in milliseconds
// rather than at the next poll. Only a hint: the worker polls anyway (other processes' events,
// events written before a crash), and a nudge before the commit finds nothing yet, harmlessly.
let listener: (() => void) | undefined;

export function onWebhookWake(callback: (() => void) | undefined): void {
  listener = callback;
}

export function wakeWebhookWorker(): void {
  listener?.();
}
