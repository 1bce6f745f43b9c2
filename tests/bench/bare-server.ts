// The baseline: a bare Hono handler on @hono/node-server that reads the body and answers JSON,
// doing no work of Selgeo's. Run as its own process, like the real server.
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono();
app.post("/api/v1/:resource", async (c) => {
  const body = await c.req.text();
  return c.json({ ok: true, length: body.length }, 201);
});

serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
  process.stdout.write(`running at http://127.0.0.1:${info.port}\n`);
});
