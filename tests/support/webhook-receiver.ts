// A real HTTP server that receives Selgeo's webhook deliveries, for the outbound webhook tests:
// it records each request (raw body and signature header) and answers with the statuses it is
// told, in order (then 200), or holds a request without answering (a receiver that hangs).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedDelivery {
  body: string;
  signature: string | undefined;
  event: { id: string; type: string; mode: string; data: { object: Record<string, unknown> } };
}

export type Answer = number | "hang";

export interface WebhookReceiver {
  url: string;
  received: ReceivedDelivery[];
  /** Answers for the next requests, in order; 200 once they run out. */
  answers: Answer[];
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = [];
  const answers: Answer[] = [];
  const hanging: ServerResponse[] = [];
  const waiters: Array<{ count: number; done: () => void }> = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const header = req.headers["selgeo-signature"];
      received.push({
        body,
        signature: Array.isArray(header) ? header[0] : header,
        event: JSON.parse(body),
      });
      for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.done();
      const answer = answers.shift() ?? 200;
      if (answer === "hang") {
        hanging.push(res);
        return;
      }
      res.writeHead(answer, { "Content-Type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answers,
    waitFor(count, timeoutMs = 30_000) {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`received ${received.length} of ${count} deliveries`)),
          timeoutMs,
        );
        waiters.push({
          count,
          done: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
