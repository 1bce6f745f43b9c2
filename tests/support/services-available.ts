// PostgreSQL and Redis are required in CI; on a developer machine without them the tests that
// need them skip, saying so.
import net from "node:net";

function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function required(name: string, host: string, port: number): Promise<boolean> {
  const ok = await reachable(host, port);
  if (ok) return true;
  if (process.env.CI)
    throw new Error(`${name} at ${host}:${port} is required in CI but unreachable.`);
  console.warn(`skipping ${name} tests: nothing answers on ${host}:${port}`);
  return false;
}

export const postgresAvailable = () => required("PostgreSQL", "127.0.0.1", 5432);
export const redisAvailable = () => required("Redis", "127.0.0.1", 6379);
