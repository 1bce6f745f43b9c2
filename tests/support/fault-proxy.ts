// A TCP proxy the test controls, put between a server process and PostgreSQL or Redis to play
// the network faults an operator meets (never by stopping the real servers):
//   - reset():   every open connection is reset (RST), as when the database restarts or a
//                firewall kills the flow; new connections pass;
//   - finish():  every open connection is closed cleanly (FIN), as on an orderly shutdown;
//   - refuse():  new connections are refused (nothing listens); open ones are left alone;
//   - drop():    a partition: nothing is forwarded either way and nothing is closed; new
//                connections are accepted and then hear nothing, as a SYN lost on the way would
//                leave them. What was sent meanwhile waits, as TCP would retransmit it;
//   - heal():    forwarding again, over the connections that are still open and new ones.
import net from "node:net";

interface Flow {
  client: net.Socket;
  upstream: net.Socket | undefined;
}

export interface FaultProxy {
  readonly port: number;
  /** host:port to hand the server under test. */
  readonly address: string;
  /** Connections accepted since the proxy started. */
  readonly accepted: number;
  reset(): void;
  finish(): void;
  refuse(): Promise<void>;
  drop(): void;
  heal(): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  const flows = new Set<Flow>();
  let dropping = false;
  let accepted = 0;

  const connectUpstream = (flow: Flow) => {
    const upstream = net.connect(target);
    flow.upstream = upstream;
    upstream.setNoDelay(true);
    forward(flow.client, upstream);
    forward(upstream, flow.client);
    // A fault on one side reaches the other as the same kind of ending.
    upstream.on("error", () => flow.client.resetAndDestroy());
    upstream.on("end", () => flow.client.end());
    upstream.on("close", () => flows.delete(flow));
  };

  const forward = (from: net.Socket, to: net.Socket) => {
    from.on("data", (chunk) => {
      if (!to.write(chunk)) {
        from.pause();
        to.once("drain", () => {
          if (!dropping) from.resume();
        });
      }
    });
  };

  const onConnection = (client: net.Socket) => {
    accepted++;
    const flow: Flow = { client, upstream: undefined };
    flows.add(flow);
    client.setNoDelay(true);
    client.on("error", () => flow.upstream?.resetAndDestroy());
    client.on("end", () => flow.upstream?.end());
    client.on("close", () => {
      if (!flow.upstream) flows.delete(flow);
    });
    if (dropping) {
      client.pause();
    } else {
      connectUpstream(flow);
    }
  };

  let server = net.createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  let listening = true;

  const listen = async () => {
    if (listening) return;
    server = net.createServer(onConnection);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    listening = true;
  };
  // The listening socket closes at once; close()'s callback would wait for every connection.
  const stopListening = async () => {
    if (!listening) return;
    listening = false;
    server.close();
  };

  return {
    port,
    address: `127.0.0.1:${port}`,
    get accepted() {
      return accepted;
    },
    reset() {
      for (const flow of flows) {
        flow.client.resetAndDestroy();
        flow.upstream?.resetAndDestroy();
      }
      flows.clear();
    },
    finish() {
      for (const flow of flows) {
        flow.client.end();
        flow.upstream?.end();
      }
      flows.clear();
    },
    refuse: stopListening,
    drop() {
      dropping = true;
      for (const flow of flows) {
        flow.client.pause();
        flow.upstream?.pause();
      }
    },
    async heal() {
      dropping = false;
      for (const flow of flows) {
        if (flow.client.destroyed) continue;
        if (flow.upstream) {
          flow.upstream.resume();
          flow.client.resume();
        } else {
          connectUpstream(flow);
          flow.client.resume();
        }
      }
      await listen();
    },
    async close() {
      for (const flow of flows) {
        flow.client.destroy();
        flow.upstream?.destroy();
      }
      flows.clear();
      await stopListening();
    },
  };
}
