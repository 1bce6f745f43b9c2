// The doctor opens pages it has never seen, often on a machine inside a company network. A
// hostile page could use it to reach that network: redirect it, or make it load scripts from
// 10.0.0.5 or localhost. So requests to private and loopback addresses are refused — except the
// host the user named (a local shop under test is fine) — unless `--allow-private` is given.
// Chromium's own Fetch interception sees every request of the page, redirect hops included
// (Playwright's route() does not see redirects).
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

type CDPSession = import("playwright-core").CDPSession;

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
] as const) {
  PRIVATE.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
] as const) {
  PRIVATE.addSubnet(net, prefix, "ipv6");
}

/** Loopback, private (RFC 1918, unique-local), link-local, CGNAT and unspecified addresses. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped) return PRIVATE.check(mapped, "ipv4");
  const family = isIP(ip);
  if (family === 4) return PRIVATE.check(ip, "ipv4");
  if (family === 6) return PRIVATE.check(ip, "ipv6");
  return false;
}

export type Resolve = (hostname: string) => Promise<string[]>;

const systemResolve: Resolve = async (hostname) =>
  (await lookup(hostname, { all: true })).map((a) => a.address);

/**
 * Whether `hostname` is (or resolves to) a private address. A name this machine cannot resolve
 * is not private: the browser cannot reach it either (it uses the same resolver).
 */
export async function isPrivateHost(hostname: string, resolve = systemResolve): Promise<boolean> {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host)) return isPrivateAddress(host);
  try {
    return (await resolve(host)).some(isPrivateAddress);
  } catch {
    return false;
  }
}

/** Whether a host name is private; each name is resolved once. */
export type PrivateHosts = (hostname: string) => Promise<boolean>;

export function privateHosts(resolve?: Resolve): PrivateHosts {
  const verdicts = new Map<string, Promise<boolean>>();
  return (hostname) => {
    let verdict = verdicts.get(hostname);
    if (!verdict) {
      verdict = isPrivateHost(hostname, resolve);
      verdicts.set(hostname, verdict);
    }
    return verdict;
  };
}

export interface GuardOptions {
  /** The host the user asked for: always allowed, private or not. */
  allowedHost: string;
  onRefused: (url: string) => void;
  /** Verdicts shared with other guards of the same browser (the extension's included). */
  privateHosts?: PrivateHosts;
  resolve?: Resolve;
}

function httpHostname(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.hostname : null;
  } catch {
    return null;
  }
}

/** Whether a request to `url` is refused under `options`. */
export function privateRequestPolicy(options: GuardOptions): (url: string) => Promise<boolean> {
  const isPrivate = options.privateHosts ?? privateHosts(options.resolve);
  return (url) => {
    const hostname = httpHostname(url);
    return hostname === null || hostname === options.allowedHost
      ? Promise.resolve(false)
      : isPrivate(hostname);
  };
}

/** The part of a CDP session the guard uses: paused requests, and the answer to each. */
export interface PausedRequests {
  on(
    event: "Fetch.requestPaused",
    listener: (event: { requestId: string; request: { url: string } }) => void,
  ): unknown;
  send(
    method: "Fetch.enable" | "Fetch.continueRequest" | "Fetch.failRequest",
    params: object,
  ): Promise<unknown>;
}

/** What requests are checked against; `policy()` is null when nothing is to be refused now. */
export interface RequestGuard {
  policy(): ((url: string) => Promise<boolean>) | null;
  onRefused(url: string): void;
}

/** Pauses every request in `session` (redirect hops included) and fails the refused ones. */
async function guardRequests(session: PausedRequests, guard: RequestGuard): Promise<void> {
  session.on("Fetch.requestPaused", (event) => {
    const url = event.request.url;
    const refuses = guard.policy();
    void (refuses ? refuses(url) : Promise.resolve(false))
      .then((refused) => {
        if (refused) guard.onRefused(url);
        return refused
          ? session.send("Fetch.failRequest", {
              requestId: event.requestId,
              errorReason: "AddressUnreachable",
            })
          : session.send("Fetch.continueRequest", { requestId: event.requestId });
      })
      // The page may close while a request is paused: nothing left to continue.
      .catch(() => undefined);
  });
  await session.send("Fetch.enable", { patterns: [{ urlPattern: "*", requestStage: "Request" }] });
}

/** Pauses every request of the page in `cdp` and fails those to private addresses. */
export function guardPrivateRequests(
  cdp: PausedRequests,
  options: GuardOptions,
  refuses = privateRequestPolicy(options),
): Promise<void> {
  return guardRequests(cdp, { policy: () => refuses, onRefused: options.onRefused });
}

/**
 * The extension asks the page's API itself (keys/check, and the probe for answers the browser
 * hid) from its service worker, at an address the page chose (data-api); the page's CDP session
 * never sees those requests, and Playwright's route() misses their redirect hops. So the same
 * guard runs in the service worker's own target, reached through the browser's CDP session
 * (Playwright opens CDP sessions for pages only; a worker is addressed by message).
 */
export async function guardServiceWorkerRequests(
  browser: CDPSession,
  guard: RequestGuard,
): Promise<void> {
  const sessions = new Map<string, (event: object) => void>();
  let nextId = 0;
  browser.on("Target.receivedMessageFromTarget", (event) => {
    const message = JSON.parse(event.message) as { method?: string; params?: object };
    if (message.method === "Fetch.requestPaused") sessions.get(event.sessionId)?.(message.params!);
  });
  const attach = async (targetId: string) => {
    const { sessionId } = await browser.send("Target.attachToTarget", { targetId, flatten: false });
    const worker: PausedRequests = {
      on: (_event, listener) => sessions.set(sessionId, listener as (event: object) => void),
      send: (method, params) =>
        browser.send("Target.sendMessageToTarget", {
          sessionId,
          message: JSON.stringify({ id: ++nextId, method, params }),
        }),
    };
    await guardRequests(worker, guard);
  };
  const isExtensionWorker = (t: { type: string; url: string }) =>
    t.type === "service_worker" && t.url.startsWith("chrome-extension://");
  // A worker Chromium starts again later (after an idle stop) is guarded as soon as it appears.
  browser.on("Target.targetCreated", ({ targetInfo }) => {
    if (isExtensionWorker(targetInfo)) void attach(targetInfo.targetId).catch(() => undefined);
  });
  await browser.send("Target.setDiscoverTargets", { discover: true });
  const { targetInfos } = await browser.send("Target.getTargets");
  await Promise.all(targetInfos.filter(isExtensionWorker).map((t) => attach(t.targetId)));
}
