// Requests in flight, averaged over time, counted around Node's request listener from a request's
// arrival until its response closes (finished or dropped).
import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { RequestLoad } from "../../../server/observability/request-load";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("RequestLoad", () => {
  it("averages the requests in flight over the time since the last sample", async () => {
    const load = new RequestLoad();
    const responses: EventEmitter[] = [];
    const listener = load.around((_request, response) => {
      responses.push(response as unknown as EventEmitter);
    });
    load.sample();
    for (let i = 0; i < 4; i++) {
      listener({} as IncomingMessage, new EventEmitter() as unknown as ServerResponse);
    }
    expect(load.inFlight).toBe(4);
    await pause(60);
    // Four for the whole span.
    expect(load.sample()).toBeCloseTo(4, 0);
    await pause(60);
    for (const response of responses.splice(0, 2)) response.emit("close");
    await pause(60);
    // Four for the first half, two for the second.
    const average = load.sample();
    expect(average).toBeGreaterThan(2.3);
    expect(average).toBeLessThan(3.7);
    for (const response of responses) response.emit("close");
    expect(load.inFlight).toBe(0);
    await pause(30);
    expect(load.sample()).toBeLessThan(0.5);
  });
});
