// Deliveries yield to queueing requests: full passes while few requests are in flight, one small
// pass per interval while many are, and full passes again once the queue is gone.
import { describe, expect, it } from "vitest";
import { DeliveryPacer } from "../../../server/webhooks/pacing";

const OPTIONS = { busyInFlight: 8, busyIntervalMs: 1000, busyBatch: 10 };

function pacer() {
  let inFlight = 0;
  let now = 0;
  const paced = new DeliveryPacer({ sample: () => inFlight }, OPTIONS, () => now);
  return {
    next: (batch = 50) => paced.next(batch),
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
    expect(p.next()).toEqual({ take: 50 });
  });

  it("without a gauge (tests, one-off passes) never waits", () => {
    expect(new DeliveryPacer(undefined, OPTIONS).next(20)).toEqual({ take: 20 });
  });
});
