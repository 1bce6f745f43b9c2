// Headers a request's response carries whatever builds it: the route, the error handler or the
// not-found handler. On the Node server they go straight onto the outgoing message, which the
// response written later merges with. Hono's c.header() would keep them in a WHATWG Headers
// object instead, and on the click path building that object cost more than all of Selgeo's own
// work for the request (about 90k instructions of a 310k-instruction request, by callgrind).
// In-process requests (app.request in tests) have no Node response and use c.header().
import type { HttpBindings } from "@hono/node-server";
import type { Context } from "hono";

export function setResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  if (outgoing && !outgoing.headersSent) outgoing.setHeader(name, value);
  else c.header(name, value);
}
