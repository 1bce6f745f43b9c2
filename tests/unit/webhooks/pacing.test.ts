// Deliveries yield to queueing requests: full passes while few requests are in flight, one small
// pass per interval while many are, full passes again once the queue is gone, and a verdict that
// stands long enough not to flap with each group commit.
import { describe, expect, it } from "vitest";
import { DeliveryPacer } from "../../../server/webhooks/pacing";

const OPTIONS = {
  busyInFlight: 8,
  sampleMs: 250,
  busyIntervalMs: 1000,
  busyBatch: 10,
  maxLagMs: 30_000,
};

function pacer() {
  let inFlight = 0;
  let now = 0;
  const paced = new DeliveryPacer({ sample: () => inFlight }, OPTIONS, () => now);
  return {
    next: (batch = 50) => paced.next(batch),
    lag: (ms: number | undefined) => paced.noteLag(ms),
    get overdue() {
      return paced.overdue;
    },
    set: (n: number) => {
      inFlight = n;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("delivery pacing", () => {
  it("runs full passes, back to back, while requests are few", () => {
    const p = pacer();
    p.set(7.9);
    expect(p.next()).toEqual({ take: 50 });
    expect(p.next()).toEqual({ take: 50 });
  });

  it("while requests queue: one small pass, then waits out the interval", () => {
    const p = pacer();
    p.set(40);
    expect(p.next()).toEqual({ take: 10 });
    p.advance(300);
    expect(p.next()).toEqual({ waitMs: 700 });
    p.advance(700);
    expect(p.next()).toEqual({ take: 10 });
    // A batch smaller than the busy one stays as it is.
    p.advance(1000);
    expect(p.next(4)).toEqual({ take: 4 });
  });

  it("catches up at full speed once the queue is gone", () => {
    const p = pacer();
    p.set(40);
    expect(p.next()).toEqual({ take: 10 });
    p.set(0.5);
    p.advance(250);
    expect(p.next()).toEqual({ take: 50 });
  });

  it("keeps a verdict for sampleMs: a queue emptied for a moment starts no full pass", () => {
    const p = pacer();
    p.set(40);
    expect(p.next()).toEqual({ take: 10 });
    // A group commit answers every queued conversion at once.
    p.set(0);
    p.advance(100);
    expect(p.next()).toEqual({ waitMs: 900 });
    p.set(40);
    p.advance(200);
    expect(p.next()).toEqual({ waitMs: 700 });
  });

  it("stops yielding once the outbox is more than maxLagMs behind, until within half of it", () => {
    const p = pacer();
    p.set(40);
    expect(p.next()).toEqual({ take: 10 });
    p.lag(29_000);
    p.advance(10);
    expect(p.next()).toEqual({ waitMs: 990 });
    p.lag(31_000);
    expect(p.overdue).toBe(true);
    // Back to back and full, though requests still queue.
    expect(p.next()).toEqual({ take: 50 });
    expect(p.next()).toEqual({ take: 50 });
    // Still more than half the bound behind: stays at full speed.
    p.lag(16_000);
    expect(p.next()).toEqual({ take: 50 });
    p.lag(14_000);
    expect(p.overdue).toBe(false);
    p.advance(1000);
    expect(p.next()).toEqual({ take: 10 });
    // An empty outbox is not behind at all.
    p.lag(31_000);
    p.lag(undefined);
    expect(p.overdue).toBe(false);
  });

  it("without a gauge (tests, one-off passes) never waits", () => {
    expect(new DeliveryPacer(undefined, OPTIONS).next(20)).toEqual({ take: 20 });
  });
});
