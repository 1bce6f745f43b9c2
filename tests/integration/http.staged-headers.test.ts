// The service's Node response stages early headers and writes them with the status line
// (server/http/response-headers.ts): whichever way the response is then written, they arrive
// once, and the response's own header of the same name wins.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type StagedHeadersResponse, serverOptions } from "../../server/http/response-headers";

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
});

async function serveWith(answer: (res: StagedHeadersResponse) => void): Promise<Response> {
  server = createServer(serverOptions, (_req, res) => answer(res as StagedHeadersResponse));
  await new Promise<void>((ready) => server?.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as AddressInfo;
  return fetch(`http://127.0.0.1:${port}/`);
}

describe("StagedHeadersResponse", () => {
  it("writes staged headers with writeHead's own, the latter winning by name", async () => {
    const res = await serveWith((out) => {
      out.stageHeader("X-Request-Id", "req_1");
      out.stageHeader("Content-Type", "text/plain");
      out.stageHeader("X-Request-Id", "req_2");
      out.writeHead(201, { "content-type": "application/json", "Content-Length": 2 });
      out.end("{}");
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-request-id")).toBe("req_2");
    // Sent twice, fetch would read "text/plain, application/json".
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.text()).toBe("{}");
  });

  it("keeps a reason phrase and list-shaped headers", async () => {
    const res = await serveWith((out) => {
      out.stageHeader("Access-Control-Allow-Origin", "*");
      out.writeHead(200, "Fine", [
        ["X-One", "1"],
        ["X-Two", "2"],
      ]);
      out.end();
    });
    expect(res.statusText).toBe("Fine");
    expect(res.headers.get("x-one")).toBe("1");
    expect(res.headers.get("x-two")).toBe("2");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("writes them with an implicit head (end() without writeHead) and with a bare status", async () => {
    const implicit = await serveWith((out) => {
      out.stageHeader("X-Request-Id", "req_implicit");
      out.statusCode = 202;
      out.end("ok");
    });
    expect(implicit.status).toBe(202);
    expect(implicit.headers.get("x-request-id")).toBe("req_implicit");
    await new Promise<void>((done) => server?.close(() => done()));

    const bare = await serveWith((out) => {
      out.stageHeader("X-Request-Id", "req_bare");
      out.writeHead(204);
      out.end();
    });
    expect(bare.status).toBe(204);
    expect(bare.headers.get("x-request-id")).toBe("req_bare");
  });

  it("ignores headers staged after the head went out", async () => {
    const res = await serveWith((out) => {
      out.writeHead(200, { "Content-Type": "text/plain" });
      out.stageHeader("X-Late", "1");
      out.end("late");
    });
    expect(res.headers.get("x-late")).toBeNull();
    expect(await res.text()).toBe("late");
  });
});
