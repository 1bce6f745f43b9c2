// Deliveries yield to requests. A delivery costs the process about what a conversion's share of
// its own work does (a signed POST, a write of its outcome), so a server delivering at full speed
// while requests queue answers a quarter fewer conversions. While requests are queueing (on
// average `busyInFlight` or more in flight since the last look), the worker runs one small pass
// per `busyIntervalMs` instead of passes back to back: deliveries still leave, late by the
// backlog, and catch up at full speed once the queue is gone (docs/webhooks.md, "Under load").
// Pure but for the gauge it reads and the clock it is given.

export interface LoadGauge {
  /** Requests in flight, averaged since the previous sample. */
  sample(): number;
}

export interface PacingOptions {
  busyInFlight: number;
  busyIntervalMs: number;
  /** Outbox rows and due retries a pass may take while busy (each). */
  busyBatch: number;
}

export const DEFAULT_PACING: PacingOptions = {
  busyInFlight: 8,
  busyIntervalMs: 1000,
  busyBatch: 10,
};

export type PassPlan = { take: number } | { waitMs: number };

export class DeliveryPacer {
  #lastBusyPass = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly load: LoadGauge | undefined,
    private readonly options: PacingOptions = DEFAULT_PACING,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The size of the pass to run now, or how long to wait before asking again. */
  next(batchSize: number): PassPlan {
    if (!this.load || this.load.sample() < this.options.busyInFlight) return { take: batchSize };
    const now = this.now();
    const waitMs = this.#lastBusyPass + this.options.busyIntervalMs - now;
    if (waitMs > 0) return { waitMs };
    this.#lastBusyPass = now;
    return { take: Math.min(batchSize, this.options.busyBatch) };
  }
}
