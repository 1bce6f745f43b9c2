// Just enough of Content Security Policy to tell whether a policy lets Selgeo's hosts through
// and to write the directive a merchant must paste: the page's own sources plus the real host.
// Pure: the policy text comes from the browser's `securitypolicyviolation` event.

export type Directives = Map<string, string[]>;

/** Directive name → source list. As in the spec, the first occurrence of a directive wins. */
export function parsePolicy(policy: string): Directives {
  const directives: Directives = new Map();
  for (const part of policy.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    const key = name.toLowerCase();
    if (!directives.has(key)) directives.set(key, sources);
  }
  return directives;
}

/** What a fetch directive falls back to when it is absent (CSP3 § 6.8.3). */
const FALLBACKS: Record<string, string[]> = {
  "script-src-elem": ["script-src-elem", "script-src", "default-src"],
  "script-src": ["script-src", "default-src"],
  "connect-src": ["connect-src", "default-src"],
};

/** The directive that actually governs `directive` in this policy, and its sources. */
export function governingDirective(
  directives: Directives,
  directive: string,
): { name: string; sources: string[] } | null {
  for (const name of FALLBACKS[directive] ?? [directive]) {
    const sources = directives.get(name);
    if (sources) return { name, sources };
  }
  return null;
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern === "*") return true;
  if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

/** Whether one source expression allows a URL (hosts, schemes, 'self', '*'; paths ignored). */
export function sourceAllows(source: string, url: URL, selfOrigin: string): boolean {
  const s = source.toLowerCase();
  if (s === "*") return url.protocol === "http:" || url.protocol === "https:";
  if (s === "'self'") return url.origin === selfOrigin;
  if (/^[a-z][a-z0-9+.-]*:$/.test(s)) return url.protocol === s;
  if (s.startsWith("'")) return false;
  const match = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/:]+)(?::(\d+|\*))?/.exec(s);
  if (!match) return false;
  const [, scheme, host, port] = match;
  if (scheme && `${scheme}:` !== url.protocol) {
    // http: in a source also allows https: (CSP3 "scheme-part match").
    if (!(scheme === "http" && url.protocol === "https:")) return false;
  }
  if (!scheme && url.protocol !== "https:" && url.protocol !== new URL(selfOrigin).protocol) {
    return false;
  }
  if (!hostMatches(host ?? "", url.hostname)) return false;
  const urlPort = url.port || (url.protocol === "https:" ? "443" : "80");
  if (port === "*") return true;
  if (port) return port === urlPort;
  return url.port === "";
}

export function sourcesAllow(sources: string[], url: string, selfOrigin: string): boolean {
  if (sources.some((s) => s.toLowerCase() === "'none'")) return false;
  const parsed = new URL(url);
  return sources.some((source) => sourceAllows(source, parsed, selfOrigin));
}

/** Whether this policy lets `url` through for `directive` (no directive at all = allowed). */
export function policyAllows(
  policy: string,
  directive: string,
  url: string,
  selfOrigin: string,
): boolean {
  const governing = governingDirective(parsePolicy(policy), directive);
  return governing === null || sourcesAllow(governing.sources, url, selfOrigin);
}

export interface CspFix {
  /** The directive lines to put in the policy, e.g. `script-src 'self' https://cdn.selgeo.com;`. */
  lines: string[];
  /** Set when host allow-lists are ignored ('strict-dynamic'): the tag needs a nonce instead. */
  strictDynamic: boolean;
}

/**
 * The lines to change so `directive` allows `origin`. Sources are copied from the directive
 * that governs today: when that is `default-src`, a new directive is written with its sources,
 * because adding a directive replaces the fallback for that kind of request.
 */
export function cspFix(
  policy: string,
  directive: "script-src" | "connect-src",
  origin: string,
): CspFix {
  const directives = parsePolicy(policy);
  const names = directive === "script-src" ? ["script-src-elem", "script-src"] : ["connect-src"];
  const lines: string[] = [];
  let strictDynamic = false;
  for (const name of names) {
    const own = directives.get(name);
    if (name === "script-src-elem" && !own) continue;
    const base = own ?? governingDirective(directives, name)?.sources ?? ["'self'"];
    const sources = base.filter((s) => s.toLowerCase() !== "'none'");
    if (sources.some((s) => s.toLowerCase() === "'strict-dynamic'")) strictDynamic = true;
    if (!sources.includes(origin)) sources.push(origin);
    lines.push(`${name} ${sources.join(" ")};`);
  }
  return { lines, strictDynamic };
}
