// Headers a request's response carries whatever builds it: the route, the error handler or the
// not-found handler (request id, CORS, rate limit). On a Node server they are set on Node's
// response before the route runs, and the route's own response merges into them when it is
// written: Hono's c.header() would keep them in a WHATWG Headers object and make every response
// be rebuilt around it. In-process requests (app.request in tests) have no Node response and
// get c.header().
import type { HttpBindings } from "@hono/node-server";
import type { Context } from "hono";

export function setResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  if (outgoing && !outgoing.headersSent) outgoing.setHeader(name, value);
  else c.header(name, value);
}
