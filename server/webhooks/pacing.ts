// Deliveries yield to requests. Each costs the process a signed POST and a share of two writes;
// sending them at full speed beside a saturating load of conversions (three events each) cost
// 27–32 % of the conversions answered (docs/performance.md, "Webhooks"). While requests queue (on
// average `busyInFlight` or more in flight since the last look), the worker runs one small pass
// per `busyIntervalMs` instead of passes back to back: deliveries still leave, late by the
// backlog, and catch up at full speed once the queue is gone (docs/webhooks.md, "Under load").
// Late, but not without bound: once a pass finds a change older than `maxLagMs` in the outbox,
// passes run at full speed whatever the load, until what they take is within half of it again —
// under a load that never lets up, requests then share the process with the deliveries rather
// than the deliveries falling ever further behind.
// Pure but for the gauge it reads and the clock it is given.

export interface LoadGauge {
  /** Requests in flight, averaged since the previous sample. */
  sample(): number;
}

export interface PacingOptions {
  busyInFlight: number;
  /**
   * How long a verdict stands before the gauge is read again. Conversions answered together (one
   * group commit) empty the queue for a moment; a verdict read over that moment would start full
   * passes in the middle of a saturating load.
   */
  sampleMs: number;
  busyIntervalMs: number;
  /** Outbox rows and due retries a pass may take while busy (each). */
  busyBatch: number;
  /** How late a change may be before deliveries stop yielding. */
  maxLagMs: number;
}

export const DEFAULT_PACING: PacingOptions = {
  busyInFlight: 8,
  sampleMs: 250,
  busyIntervalMs: 2000,
  busyBatch: 10,
  maxLagMs: 30_000,
};

export type PassPlan = { take: number } | { waitMs: number };

export class DeliveryPacer {
  #lastBusyPass = Number.NEGATIVE_INFINITY;
  #busy = false;
  #sampledAt = Number.NEGATIVE_INFINITY;
  #overdue = false;

  constructor(
    private readonly load: LoadGauge | undefined,
    private readonly options: PacingOptions = DEFAULT_PACING,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The size of the pass to run now, or how long to wait before asking again. */
  next(batchSize: number): PassPlan {
    if (!this.load) return { take: batchSize };
    const now = this.now();
    if (now - this.#sampledAt >= this.options.sampleMs) {
      this.#busy = this.load.sample() >= this.options.busyInFlight;
      this.#sampledAt = now;
    }
    if (!this.#busy || this.#overdue) return { take: batchSize };
    const waitMs = this.#lastBusyPass + this.options.busyIntervalMs - now;
    if (waitMs > 0) return { waitMs };
    this.#lastBusyPass = now;
    return { take: Math.min(batchSize, this.options.busyBatch) };
  }

  /**
   * After a pass: how long ago the oldest change it took was written (undefined when it took
   * none, i.e. the outbox was empty).
   */
  noteLag(lagMs: number | undefined): void {
    if (lagMs === undefined) this.#overdue = false;
    else if (lagMs > this.options.maxLagMs) this.#overdue = true;
    else if (lagMs <= this.options.maxLagMs / 2) this.#overdue = false;
  }

  /** Whether deliveries have stopped yielding because the outbox fell too far behind. */
  get overdue(): boolean {
    return this.#overdue;
  }
}
