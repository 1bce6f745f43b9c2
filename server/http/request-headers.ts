// Request headers the service reads on every request (content length, request id, origin, user
// agent, forwarded address). On the Node server they come from the incoming message's own
// parsed headers; asking Hono instead (c.req.header) lower-cases the name and builds a fresh
// string for every look-up, about 2k instructions each (callgrind).
// In-process requests (app.request) have no incoming message and ask Hono; one made while
// answering another must not be given that one's Node bindings (see routes/demo.ts).
import type { IncomingMessage } from "node:http";
import type { HttpBindings } from "@hono/node-server";
import type { Context } from "hono";

/** `name` in lower case, as Node keys its parsed headers. */
export function incomingHeader(
  incoming: IncomingMessage,
  name: Lowercase<string>,
): string | undefined {
  const value = incoming.headers[name];
  // Only Set-Cookie arrives as a list; no request header read here does.
  return typeof value === "string" ? value : undefined;
}

export function requestHeader(c: Context, name: Lowercase<string>): string | undefined {
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  return incoming ? incomingHeader(incoming, name) : c.req.header(name);
}

/** The peer's address on a socket; undefined for an in-process request, which has none. */
export function socketAddress(c: Context): string | undefined {
  return (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket.remoteAddress;
}
