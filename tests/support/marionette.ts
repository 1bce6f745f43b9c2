// A small client for Firefox's Marionette protocol, enough to drive Debian's firefox-esr in the
// e2e tests (Debian ships no geckodriver). Marionette listens on TCP; each message is
// `<byte length>:<JSON>`. The server first sends a hello, then answers commands
// `[0, id, name, params]` with `[1, id, error, result]`, one at a time.
// Protocol: https://firefox-source-docs.mozilla.org/testing/marionette/Protocol.html
import { connect, type Socket } from "node:net";

export class MarionetteError extends Error {
  constructor(
    readonly command: string,
    readonly error: string,
    message: string,
  ) {
    super(`${command}: ${error}: ${message}`);
  }
}

interface Pending {
  command: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Splits the byte stream into `<length>:<json>` messages. */
export class MessageReader {
  private buffer = Buffer.alloc(0);

  push(chunk: Buffer): unknown[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const messages: unknown[] = [];
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) break;
      const length = Number(this.buffer.subarray(0, colon).toString("ascii"));
      if (!Number.isInteger(length) || length < 0) {
        throw new Error(`Marionette: bad message length ${this.buffer.subarray(0, colon)}`);
      }
      const end = colon + 1 + length;
      if (this.buffer.length < end) break;
      messages.push(JSON.parse(this.buffer.subarray(colon + 1, end).toString("utf8")));
      this.buffer = this.buffer.subarray(end);
    }
    return messages;
  }
}

export function encodeMessage(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), "utf8");
  return Buffer.concat([Buffer.from(`${body.length}:`, "ascii"), body]);
}

export class Marionette {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closedWith: Error | null = null;

  private constructor(private readonly socket: Socket) {}

  /** Connects, retrying until Firefox listens (it opens the port some seconds after start). */
  static async connect(port: number, { timeoutMs = 60_000 } = {}): Promise<Marionette> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await Marionette.connectOnce(port);
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  private static connectOnce(port: number): Promise<Marionette> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1");
      const reader = new MessageReader();
      let client: Marionette | null = null;
      socket.on("data", (chunk) => {
        let messages: unknown[];
        try {
          messages = reader.push(chunk);
        } catch (error) {
          socket.destroy(error as Error);
          return;
        }
        for (const message of messages) {
          if (client) {
            client.receive(message);
          } else {
            // The hello: {"applicationType":"gecko","marionetteProtocol":3}.
            client = new Marionette(socket);
            resolve(client);
          }
        }
      });
      socket.on("error", (error) => {
        if (client) client.fail(error);
        else reject(error);
      });
      socket.on("close", () => {
        if (client) client.fail(new Error("Marionette connection closed"));
        else reject(new Error("Marionette closed the connection before its hello"));
      });
    });
  }

  request<T = unknown>(command: string, params: Record<string, unknown> = {}): Promise<T> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { command, resolve: resolve as (v: unknown) => void, reject });
      this.socket.write(encodeMessage([0, id, command, params]));
    });
  }

  /** WebDriver's result wrapper: most commands answer `{ value }`. */
  async value<T = unknown>(command: string, params: Record<string, unknown> = {}): Promise<T> {
    const result = await this.request<{ value: T } | null>(command, params);
    return (result?.value ?? null) as T;
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(message: unknown): void {
    if (!Array.isArray(message) || message[0] !== 1) return;
    const [, id, error, result] = message as [
      1,
      number,
      { error: string; message: string } | null,
      unknown,
    ];
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if (error) pending.reject(new MarionetteError(pending.command, error.error, error.message));
    else pending.resolve(result);
  }

  private fail(error: Error): void {
    this.closedWith ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
