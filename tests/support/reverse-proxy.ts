// A small real reverse proxy, as a merchant runs one to serve Selgeo under its own site
// (`/_selgeo/` → the Selgeo server, docs/first-party-proxy.md): the path after the prefix is kept,
// the method, headers and body are passed through, the answer streamed back. A target that
// cannot be reached answers 502 Bad Gateway, as nginx and Caddy do.
import { type IncomingMessage, request, type ServerResponse } from "node:http";

export interface ProxyRoute {
  /** Path prefix on the merchant's site, without a trailing slash: `/_selgeo`. */
  prefix: string;
  /** The Selgeo server's origin: `http://127.0.0.1:4000`. */
  target: string;
}

/** Forwards `req` when its path is under one of `routes`; false when none applies. */
export function forward(req: IncomingMessage, res: ServerResponse, routes: ProxyRoute[]): boolean {
  const path = req.url ?? "/";
  const route = routes.find((r) => path === r.prefix || path.startsWith(`${r.prefix}/`));
  if (!route) return false;
  const target = new URL(route.target);
  const upstream = request(
    {
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: path.slice(route.prefix.length) || "/",
      headers: { ...req.headers, host: target.host, "x-forwarded-host": req.headers.host ?? "" },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", () => {
    if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" });
    res.end("502 Bad Gateway");
  });
  req.pipe(upstream);
  return true;
}
