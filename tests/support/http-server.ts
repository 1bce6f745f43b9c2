// Serves an app on a real socket (random port on loopback), for browser and process tests.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { serverOptions } from "../../server/http/response-headers";
import type { Services } from "../../server/services";

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function listen(
  app: { fetch: (request: Request, ...rest: any[]) => Response | Promise<Response> },
  options: {
    port?: number;
    hostname?: string;
    /** The app's services: their click writer is opened first, as `selgeo serve` does. */
    services?: Services;
    /** Node's own ServerResponse instead of the service's (headers set with setHeader). */
    plainNodeResponse?: boolean;
  } = {},
): Promise<Listening> {
  await options.services?.clickStore.start();
  return new Promise((resolve) => {
    const server = serve(
      {
        fetch: app.fetch,
        port: options.port ?? 0,
        hostname: options.hostname ?? "127.0.0.1",
        // The server `selgeo serve` runs (response-headers.ts), unless a test asks for Node's own.
        ...(options.plainNodeResponse ? {} : { serverOptions }),
      },
      (info: AddressInfo) => {
        resolve({
          url: `http://127.0.0.1:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            }),
        });
      },
    );
  });
}
