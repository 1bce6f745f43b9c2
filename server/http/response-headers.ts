// Headers a request's response carries whatever builds it: the route, the error handler or the
// not-found handler (request id, CORS, rate limit). Hono's c.header() would keep them in a
// WHATWG Headers object, and on the click path building that object cost more than all of
// Selgeo's own work for the request. Node's setHeader() is cheaper but still validates,
// lower-cases and files each header, then files it again when the route's response merges in.
//
// So the service's server answers with StagedHeadersResponse: such headers are staged in a
// plain list and written with the status line in one writeHead(), the route's own headers
// (Content-Type, Content-Length, Retry-After…) winning over a staged one of the same name.
// A server created without it gets setHeader(); in-process requests (app.request in tests)
// have no Node response and get c.header().
import {
  type IncomingMessage,
  type OutgoingHttpHeader,
  type OutgoingHttpHeaders,
  type ServerOptions,
  ServerResponse,
} from "node:http";
import type { HttpBindings } from "@hono/node-server";
import type { Context } from "hono";

type Headers = OutgoingHttpHeaders | OutgoingHttpHeader[];

/** The staged pairs, then the response's own: one flat list, a staged name given again dropped. */
function merge(staged: string[], headers: Headers | undefined): OutgoingHttpHeader[] {
  if (headers === undefined) return staged;
  const own: OutgoingHttpHeader[] = [];
  if (Array.isArray(headers)) {
    // Either [name, value, name, value…] or [[name, value], …].
    for (let i = 0; i < headers.length; i++) {
      const entry = headers[i];
      if (Array.isArray(entry)) own.push(entry[0] as string, entry[1] as OutgoingHttpHeader);
      else own.push(entry as OutgoingHttpHeader);
    }
  } else {
    for (const name in headers) {
      const value = headers[name];
      if (value !== undefined) own.push(name, value);
    }
  }
  const merged: OutgoingHttpHeader[] = [];
  for (let i = 0; i < staged.length; i += 2) {
    const name = staged[i] as string;
    if (!givenIn(own, name)) merged.push(name, staged[i + 1] as string);
  }
  for (let i = 0; i < own.length; i++) merged.push(own[i] as OutgoingHttpHeader);
  return merged;
}

/** Whether the flat list names `name` (in any case); the lists are a handful long. */
function givenIn(own: OutgoingHttpHeader[], name: string): boolean {
  for (let i = 0; i < own.length; i += 2) {
    const other = String(own[i]);
    if (other.length === name.length && other.toLowerCase() === name.toLowerCase()) return true;
  }
  return false;
}

export class StagedHeadersResponse<
  Request extends IncomingMessage = IncomingMessage,
> extends ServerResponse<Request> {
  #staged: string[] = [];

  /** Sets `name` for the response to come (again: replaces); no-op once headers are sent. */
  stageHeader(name: string, value: string): void {
    if (this.headersSent) return;
    const staged = this.#staged;
    for (let i = 0; i < staged.length; i += 2) {
      if (staged[i] === name) {
        staged[i + 1] = value;
        return;
      }
    }
    staged.push(name, value);
  }

  override writeHead(
    statusCode: number,
    reasonOrHeaders?: string | Headers,
    maybeHeaders?: Headers,
  ): this {
    const staged = this.#staged;
    if (staged.length === 0) {
      return typeof reasonOrHeaders === "string"
        ? super.writeHead(statusCode, reasonOrHeaders, maybeHeaders)
        : super.writeHead(statusCode, reasonOrHeaders);
    }
    this.#staged = [];
    return typeof reasonOrHeaders === "string"
      ? super.writeHead(statusCode, reasonOrHeaders, merge(staged, maybeHeaders))
      : super.writeHead(statusCode, merge(staged, reasonOrHeaders));
  }
}

/** Options for the service's HTTP server (`serve({ serverOptions })`). */
export const serverOptions: ServerOptions = { ServerResponse: StagedHeadersResponse };

export function setResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  if (outgoing instanceof StagedHeadersResponse) outgoing.stageHeader(name, value);
  else if (outgoing && !outgoing.headersSent) outgoing.setHeader(name, value);
  else c.header(name, value);
}
