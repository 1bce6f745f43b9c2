// POST /api/v1/clicks answered on Node's own request and response, ahead of Hono. Clicks are
// most of the service's traffic and each is little work (a cached key, a cached partner, a
// grouped write), so the layers around it weigh: answered here rather than through Hono's
// context, middleware chain and Response objects, a click took 5–23 % less of the event loop's
// CPU in paired benchmark rounds. What requestContext, publicCors and onError give every Hono
// answer is given here too: the request id, CORS, the error envelope, the access log and the
// metrics. The work is answerClick's (click-answer.ts), shared with Hono's route (routes/clicks/create.ts), which
// still answers clicks Hono receives and describes the endpoint in the OpenAPI document.
// Anything this listener does not recognise as a click (another method, another path) goes to
// Hono as it is.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Services } from "../services";
import { recordRequest } from "./access-log";
import { MAX_BODY_BYTES, readIncomingBody } from "./body";
import { answerClick } from "./click-answer";
import { asApiError } from "./errors";
import { incomingPublicBase } from "./public-base";
import { PUBLIC_CORS_HEADERS } from "./public-cors";
import { incomingHeader } from "./request-headers";
import { REQUEST_ID_HEADER, requestIdFor } from "./request-id";

export const CLICK_PATH = "/api/v1/clicks";

/** The click endpoint as a request line names it; a query string is ignored, as Hono does. */
export function isClickRequest(method: string | undefined, url: string | undefined): boolean {
  return (
    method === "POST" &&
    url !== undefined &&
    url.startsWith(CLICK_PATH) &&
    (url.length === CLICK_PATH.length || url.charCodeAt(CLICK_PATH.length) === 0x3f) // "?"
  );
}

/** Headers as writeHead takes them flat; a name set again replaces its value, as setHeader does. */
class AnswerHeaders {
  readonly flat: string[] = [];

  set(name: string, value: string): void {
    const flat = this.flat;
    for (let i = 0; i < flat.length; i += 2) {
      if (flat[i] === name) {
        flat[i + 1] = value;
        return;
      }
    }
    flat.push(name, value);
  }
}

async function answer(services: Services, incoming: IncomingMessage, outgoing: ServerResponse) {
  const started = performance.now();
  const requestId = requestIdFor(incomingHeader(incoming, "x-request-id"));
  const headers = new AnswerHeaders();
  headers.set(REQUEST_ID_HEADER, requestId);
  for (const [name, value] of PUBLIC_CORS_HEADERS) headers.set(name, value);

  let status: number;
  let body: string;
  try {
    const click = await answerClick(
      services,
      {
        body: await readIncomingBody(incoming, MAX_BODY_BYTES),
        authorization: incomingHeader(incoming, "authorization"),
        origin: incomingHeader(incoming, "origin"),
        userAgent: incomingHeader(incoming, "user-agent"),
        forwardedFor: incomingHeader(incoming, "x-forwarded-for"),
        socketAddress: incoming.socket.remoteAddress,
      },
      (name, value) => headers.set(name, value),
    );
    status = click.status;
    body = JSON.stringify(click.body);
  } catch (failure) {
    // Nobody is left to answer: the client went away before its request was whole.
    if (outgoing.destroyed) return;
    const error = asApiError(failure, services.logger, requestId);
    for (const [name, value] of Object.entries(error.headers ?? {})) headers.set(name, value);
    // A body refused part-way through is not read to its end: the connection closes instead.
    if (!incoming.readableEnded) headers.set("Connection", "close");
    status = error.status;
    body = JSON.stringify(error.toBody(requestId, incomingPublicBase(services, incoming)));
  }
  headers.set("Content-Type", "application/json");
  headers.set("Content-Length", String(Buffer.byteLength(body)));
  outgoing.writeHead(status, headers.flat);
  outgoing.end(body);
  recordRequest(
    services,
    { method: "POST", route: CLICK_PATH, path: CLICK_PATH, status, requestId },
    started,
  );
}

/** A request listener that answers clicks itself and hands every other request to `next`. */
export function clickListener(services: Services, next: RequestListener): RequestListener {
  return (incoming, outgoing) => {
    if (!isClickRequest(incoming.method, incoming.url)) {
      next(incoming, outgoing);
      return;
    }
    answer(services, incoming, outgoing).catch((error: unknown) => {
      // Only a fault in answering itself lands here; the request must still end.
      services.logger.error({ err: error }, "click listener failed");
      outgoing.destroy();
    });
  };
}
