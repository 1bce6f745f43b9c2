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

export interface GuardOptions {
  /** The host the user asked for: always allowed, private or not. */
  allowedHost: string;
  onRefused: (url: string) => void;
  resolve?: Resolve;
}

/** Pauses every request of the page in `cdp` and fails those to private addresses. */
export async function guardPrivateRequests(cdp: CDPSession, options: GuardOptions): Promise<void> {
  const verdicts = new Map<string, Promise<boolean>>();
  const refuse = (hostname: string) => {
    let verdict = verdicts.get(hostname);
    if (!verdict) {
      verdict =
        hostname === options.allowedHost
          ? Promise.resolve(false)
          : isPrivateHost(hostname, options.resolve);
      verdicts.set(hostname, verdict);
    }
    return verdict;
  };
  cdp.on("Fetch.requestPaused", (event) => {
    const url = event.request.url;
    let hostname: string | null = null;
    try {
      const parsed = new URL(url);
      if (parsed.protocol === "http:" || parsed.protocol === "https:") hostname = parsed.hostname;
    } catch {}
    void (hostname ? refuse(hostname) : Promise.resolve(false))
      .then((refused) => {
        if (refused) options.onRefused(url);
        return refused
          ? cdp.send("Fetch.failRequest", {
              requestId: event.requestId,
              errorReason: "AddressUnreachable",
            })
          : cdp.send("Fetch.continueRequest", { requestId: event.requestId });
      })
      // The page may close while a request is paused: nothing left to continue.
      .catch(() => undefined);
  });
  await cdp.send("Fetch.enable", { patterns: [{ urlPattern: "*", requestStage: "Request" }] });
}
