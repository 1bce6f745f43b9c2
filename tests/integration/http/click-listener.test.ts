// The service's server answers POST /api/v1/clicks ahead of Hono (server/http/click-listener.ts).
// The click tests run over it and over Hono alike (TRANSPORTS); these are what only the
// listener has to get right: which requests are its own, a request that never arrives whole,
// a body refused part-way, a failure while answering, and the log and metrics of each answer.
import { connect } from "node:net";
import { sql } from "kysely";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { CLICK_PATH, isClickRequest } from "../../../server/http/click-listener";
import { BROWSER_USER_AGENT, createHarness, type Harness } from "../../support/harness";
import { type Listening, listen } from "../../support/http-server";

interface LogLine {
  level: number;
  msg: string;
  request_id?: string;
  method?: string;
  path?: string;
  status?: number;
}

/** A harness on the service's server whose log lines (info and up) are kept for the test. */
async function logged() {
  const lines: LogLine[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const h = await createHarness({ logger });
  const server = await listen(h.app, { services: h.services });
  return { h, server, lines };
}

/**
 * Writes `request` on a raw socket and returns everything the server sends until it closes;
 * with `leave`, the client ends its side right after writing (the bytes still arrive first).
 */
function rawExchange(url: string, request: string, leave = false): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(request);
      if (leave) socket.end();
    });
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("close", () => resolve(received));
    socket.on("error", reject);
  });
}

const clickBody = (h: Harness) => JSON.stringify({ key: h.merchant.keys.pk_test, ref: "demo" });

let open: { h: Harness; server: Listening } | undefined;
afterEach(async () => {
  await open?.server.close();
  await open?.h.close();
  open = undefined;
});

describe("which requests are clicks", () => {
  it.each([
    ["POST", CLICK_PATH, true],
    ["POST", `${CLICK_PATH}?from=snippet`, true],
    ["POST", `${CLICK_PATH}/`, false],
    ["POST", `${CLICK_PATH}x`, false],
    ["POST", `${CLICK_PATH}/clk_1`, false],
    ["GET", CLICK_PATH, false],
    ["OPTIONS", CLICK_PATH, false],
    ["POST", "/api/v1/conversions", false],
  ])("%s %s → %s", (method, url, expected) => {
    expect(isClickRequest(method, url)).toBe(expected);
  });
});

describe("the click listener", () => {
  it("answers clicks without Hono, and hands every other request to Hono", async () => {
    const h = await createHarness();
    const reachedHono: string[] = [];
    const server = await listen(
      {
        fetch: (request, env) => {
          reachedHono.push(`${request.method} ${new URL(request.url).pathname}`);
          return h.app.fetch(request, env);
        },
      },
      { services: h.services },
    );
    open = { h, server };
    const click = (path: string) =>
      fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { "Content-Type": "text/plain", "User-Agent": BROWSER_USER_AGENT },
        body: clickBody(h),
      });

    expect((await click(CLICK_PATH)).status).toBe(201);
    expect((await click(`${CLICK_PATH}?from=test`)).status).toBe(200);
    expect(reachedHono).toEqual([]);

    expect((await fetch(`${server.url}${CLICK_PATH}`, { method: "OPTIONS" })).status).toBe(204);
    expect((await click(`${CLICK_PATH}/`)).status).toBe(404);
    expect(reachedHono).toEqual([`OPTIONS ${CLICK_PATH}`, `POST ${CLICK_PATH}/`]);
  });

  it("logs and counts each click it answers, under the route's name", async () => {
    const { h, server, lines } = await logged();
    open = { h, server };
    const res = await fetch(`${server.url}${CLICK_PATH}?from=test`, {
      method: "POST",
      headers: { "User-Agent": BROWSER_USER_AGENT, "X-Request-Id": "trace-click-1" },
      body: clickBody(h),
    });
    expect(res.status).toBe(201);
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: "request",
        request_id: "trace-click-1",
        method: "POST",
        path: CLICK_PATH,
        status: 201,
      }),
    );
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(
      /selgeo_http_requests_total\{method="POST",route="\/api\/v1\/clicks",status="201"\} 1/,
    );
    expect(metrics).toMatch(
      /selgeo_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/clicks"\} 1/,
    );
  });

  it("answers a failure while writing with the envelope, and logs it with the request id", async () => {
    const { h, server, lines } = await logged();
    open = { h, server };
    // Reads work and every click insert fails, as a full disk fails only the write.
    await sql
      .raw(
        "create trigger refuse_clicks before insert on click_rows begin select raise(abort, 'disk full'); end",
      )
      .execute(h.services.store.db);
    const res = await fetch(`${server.url}${CLICK_PATH}`, {
      method: "POST",
      headers: { "User-Agent": BROWSER_USER_AGENT, "X-Request-Id": "trace-click-2" },
      body: clickBody(h),
    });
    expect(res.status).toBe(500);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("x-request-id")).toBe("trace-click-2");
    expect(res.headers.get("content-type")).toBe("application/json");
    const body = (await res.json()) as { error: { code: string; request_id: string } };
    expect(body.error).toMatchObject({ code: "INTERNAL_ERROR", request_id: "trace-click-2" });
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 50, msg: "unhandled error", request_id: "trace-click-2" }),
    );
  });

  it("drops a request whose client leaves before its body is whole, and keeps serving", async () => {
    const { h, server, lines } = await logged();
    open = { h, server };
    const body = clickBody(h);
    const head = `POST ${CLICK_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n`;
    const received = await rawExchange(server.url, head + body.slice(0, 10), true);
    // Node's own parser may refuse the cut-off message (400, no request id); the listener,
    // whose reading it aborted, answers nothing and logs nothing.
    expect(received).not.toMatch(/x-request-id/i);

    const next = await fetch(`${server.url}${CLICK_PATH}`, {
      method: "POST",
      headers: { "User-Agent": BROWSER_USER_AGENT },
      body,
    });
    expect(next.status).toBe(201);
    const stored = await h.services.store.db.selectFrom("clicks").select("id").execute();
    expect(stored).toHaveLength(1);
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  });

  it("refuses a streamed body past 16 KiB with 413 and closes the connection instead of reading on", async () => {
    const { h, server } = await logged();
    open = { h, server };
    const chunk = "a".repeat(8 * 1024);
    const chunked = [chunk, chunk, chunk]
      .map((part) => `${part.length.toString(16)}\r\n${part}\r\n`)
      .join("");
    // No final 0-length chunk: the body never ends, so only the server can end the exchange.
    const received = await rawExchange(
      server.url,
      `POST ${CLICK_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}`,
    );
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received).toMatch(/\r\nConnection: close\r\n/i);
    expect(received).toContain('"code":"PAYLOAD_TOO_LARGE"');
  });
});
