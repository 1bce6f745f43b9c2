// Serves an app on a real socket (random port on loopback), for browser and process tests.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpServer, type FetchApp, honoListener } from "../../server/http/server";
import type { Services } from "../../server/services";

export interface Listening {
  url: string;
  port: number;
  /** Node's server: its "request" event sees every request, clicks included. */
  server: Server;
  close(): Promise<void>;
}

export async function listen(
  app: FetchApp,
  options: {
    port?: number;
    hostname?: string;
    /**
     * The app's services: the server is then the one `selgeo serve` runs (http/server.ts), and
     * the click writer is opened first, as `selgeo serve` does.
     */
    services?: Services;
    /** Hono alone, as an app embedded in someone else's Node server runs: no click listener. */
    honoOnly?: boolean;
  } = {},
): Promise<Listening> {
  await options.services?.clickStore.start();
  const server: Server =
    options.services && !options.honoOnly
      ? createHttpServer(app, options.services)
      : createServer(honoListener(app));
  return new Promise((resolve) => {
    server.listen(options.port ?? 0, options.hostname ?? "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
