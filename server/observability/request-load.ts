// How many requests the server is working on, averaged over time: the webhook worker's sign that
// requests are queueing (webhooks/pacing.ts). Counted around Node's request listener, so clicks
// (answered before Hono) count like every other request.
import type { RequestListener } from "node:http";

export class RequestLoad {
  #inFlight = 0;
  #area = 0;
  #since = performance.now();
  #last = this.#since;

  /** Wraps a listener: a request counts from its arrival until its response is finished or dropped. */
  around(listener: RequestListener): RequestListener {
    return (request, response) => {
      this.#change(1);
      response.once("close", () => this.#change(-1));
      listener(request, response);
    };
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** The time-weighted average of requests in flight since the previous sample. */
  sample(): number {
    this.#accumulate();
    const span = this.#last - this.#since;
    const average = span > 0 ? this.#area / span : this.#inFlight;
    this.#area = 0;
    this.#since = this.#last;
    return average;
  }

  #change(delta: number): void {
    this.#accumulate();
    this.#inFlight += delta;
  }

  #accumulate(): void {
    const now = performance.now();
    this.#area += this.#inFlight * (now - this.#last);
    this.#last = now;
  }
}
