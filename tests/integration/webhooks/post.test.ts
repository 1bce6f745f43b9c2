// The webhook POST against real local receivers: what a receiver's answer, silence, absence,
// redirect or certificate makes of a delivery attempt, and that a receiver's deliveries share a
// kept-alive connection.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { postWebhook } from "../../../server/webhooks/post";
import { selfSignedCertificate } from "../../support/self-signed";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

type Server = ReturnType<typeof createServer> | ReturnType<typeof createHttpsServer>;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  }
});

async function receiver(handle: Handler): Promise<string> {
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => handle(req, body, res));
  });
  servers.push(server);
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
}

describe("postWebhook", () => {
  it("sends the body and headers as given; a 2xx is delivered", async () => {
    const seen: Array<{ body: string; headers: IncomingMessage["headers"]; method?: string }> = [];
    const url = await receiver((req, body, res) => {
      seen.push({ body, headers: req.headers, method: req.method });
      res.writeHead(204).end();
    });
    const body = JSON.stringify({ id: "evt_1", note: "é ✓" });
    const outcome = await postWebhook(url, { "Selgeo-Signature": "t=1,v1=ab" }, body, 5_000);
    expect(outcome).toEqual({ statusCode: 204, error: null });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe("POST");
    expect(seen[0]?.body).toBe(body);
    expect(seen[0]?.headers["selgeo-signature"]).toBe("t=1,v1=ab");
    expect(seen[0]?.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
  });

  it("a receiver's deliveries share one kept-alive connection", async () => {
    const ports: number[] = [];
    const url = await receiver((req, _body, res) => {
      ports.push(req.socket.remotePort ?? 0);
      res.writeHead(200).end("thanks, a body to read and drop");
    });
    for (let i = 0; i < 3; i++) {
      expect((await postWebhook(url, {}, "{}", 5_000)).error).toBeNull();
    }
    expect(new Set(ports).size).toBe(1);
  });

  it("any other status is an error naming it; a redirect is not followed", async () => {
    let hits = 0;
    const url = await receiver((_req, _body, res) => {
      hits += 1;
      res.writeHead(hits === 1 ? 500 : 302, { Location: "/elsewhere" }).end();
    });
    expect(await postWebhook(url, {}, "{}", 5_000)).toEqual({
      statusCode: 500,
      error: "answered 500",
    });
    expect(await postWebhook(url, {}, "{}", 5_000)).toEqual({
      statusCode: 302,
      error: "answered 302",
    });
    expect(hits).toBe(2);
  });

  it("no answer within the timeout is a timeout, and the request is dropped", async () => {
    let closed = false;
    const url = await receiver((req) => {
      req.socket.on("close", () => {
        closed = true;
      });
    });
    const started = performance.now();
    expect(await postWebhook(url, {}, "{}", 300)).toEqual({
      statusCode: null,
      error: "no answer within 300 ms",
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    await expect.poll(() => closed).toBe(true);
  });

  it("a receiver slower than the idle-socket timeout (4 s) but within the delivery's is delivered", {
    timeout: 15_000,
  }, async () => {
    const url = await receiver((_req, _body, res) => {
      setTimeout(() => res.writeHead(200).end(), 4_500);
    });
    expect(await postWebhook(url, {}, "{}", 10_000)).toEqual({ statusCode: 200, error: null });
  });

  it("a refused connection says so", async () => {
    const url = await receiver(() => {});
    const server = servers.pop() as Server;
    await new Promise((ok) => server.close(ok));
    const outcome = await postWebhook(url, {}, "{}", 5_000);
    expect(outcome.statusCode).toBeNull();
    expect(outcome.error).toMatch(/^could not connect: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
  });

  it("https verifies the receiver's certificate: a self-signed one is refused", async () => {
    let hits = 0;
    const server = createHttpsServer(selfSignedCertificate("hooks.selgeo.test"), (_req, res) => {
      hits += 1;
      res.writeHead(200).end();
    });
    servers.push(server);
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const { port } = server.address() as AddressInfo;
    const outcome = await postWebhook(`https://127.0.0.1:${port}/hooks`, {}, "{}", 5_000);
    expect(outcome.statusCode).toBeNull();
    expect(outcome.error).toMatch(/^could not connect: .*(self-signed|certificate)/i);
    expect(hits).toBe(0);
  });

  it("a URL that is not http(s) is never requested", async () => {
    expect(await postWebhook("ftp://example.test/x", {}, "{}", 5_000)).toEqual({
      statusCode: null,
      error: "could not connect: ftp: is not http(s)",
    });
  });
});
