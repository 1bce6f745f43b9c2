// The service's HTTP server: Node's, with clicks answered by the click listener and everything
// else by Hono.
import { createServer, type RequestListener, type Server } from "node:http";
import { getRequestListener } from "@hono/node-server";
import type { RequestLoad } from "../observability/request-load";
import type { Services } from "../services";
import { clickListener } from "./click-listener";

export interface FetchApp {
  fetch: Parameters<typeof getRequestListener>[0];
}

/** Hono on Node's request and response, as @hono/node-server adapts it. */
export function honoListener(app: FetchApp): RequestListener {
  const hono = getRequestListener(app.fetch);
  return (incoming, outgoing) => {
    // Hono's listener answers its own failures; its promise has nothing left to report.
    void hono(incoming, outgoing);
  };
}

/** `load`, when given, counts the requests in flight (observability/request-load.ts). */
export function createHttpServer(app: FetchApp, services: Services, load?: RequestLoad): Server {
  const listener = clickListener(services, honoListener(app));
  return createServer(load ? load.around(listener) : listener);
}
