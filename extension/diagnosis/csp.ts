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

/**
 * CSP3 § 6.7.2.12 "path-part matches": a path ending in `/` admits everything under it, any other
 * path admits that one path only (`https://cdn.selgeo.com/v1/selgeo.js` does not admit its sibling
 * `selgeo-lazy.js`). Compared segment by segment, percent-decoded, case-sensitively.
 */
export function pathPartMatches(sourcePath: string, urlPath: string): boolean {
  if (sourcePath === "") return true;
  if (sourcePath === "/" && urlPath === "") return true;
  const exact = !sourcePath.endsWith("/");
  const sourceParts = sourcePath.split("/");
  const urlParts = urlPath.split("/");
  if (sourceParts.length > urlParts.length) return false;
  if (exact && sourceParts.length !== urlParts.length) return false;
  if (!exact) sourceParts.pop();
  return sourceParts.every((part, i) => decode(part) === decode(urlParts[i] ?? ""));
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Whether one source expression allows a URL (hosts, ports, paths, schemes, 'self', '*'). */
export function sourceAllows(source: string, url: URL, selfOrigin: string): boolean {
  const s = source.toLowerCase();
  if (s === "*") return url.protocol === "http:" || url.protocol === "https:";
  if (s === "'self'") return url.origin === selfOrigin;
  if (/^[a-z][a-z0-9+.-]*:$/.test(s)) return url.protocol === s;
  if (s.startsWith("'")) return false;
  // Scheme and host are case-insensitive, the path is not: it is read from the source as written.
  const match = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/:]+)(?::(\d+|\*))?(\/[^?#]*)?/i.exec(source);
  if (!match) return false;
  const [, scheme, host, port, path] = match;
  if (scheme && `${scheme.toLowerCase()}:` !== url.protocol) {
    // http: in a source also allows https: (CSP3 "scheme-part match").
    if (!(scheme.toLowerCase() === "http" && url.protocol === "https:")) return false;
  }
  if (!scheme && url.protocol !== "https:" && url.protocol !== new URL(selfOrigin).protocol) {
    return false;
  }
  if (!hostMatches(host?.toLowerCase() ?? "", url.hostname)) return false;
  if (!pathPartMatches(path ?? "", url.pathname)) return false;
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

/** One directive's line before and after the fix (`before` null: a directive that was absent). */
export interface DirectiveChange {
  before: string | null;
  after: string;
}

export interface CorrectedPolicy {
  /** The page's whole policy, every directive in its order, with the missing sources added. */
  policy: string;
  /** The lines that differ: what a merchant edits by hand. Empty when nothing had to change. */
  changes: DirectiveChange[];
  /** script-src has 'strict-dynamic': host sources are ignored, the tag needs the page's nonce. */
  strictDynamic: boolean;
}

export interface SourceNeed {
  /** The kind of request: the directive that governs it is the one changed. */
  directive: "script-src-elem" | "connect-src";
  /** The exact URL requested (what must be allowed). */
  url: string;
  /** The source to add: an origin, or one file's exact URL (a policy that names files by path). */
  source: string;
}

/**
 * The page's policy, corrected so each `need` is allowed: the source is added to the directive
 * that governs that request today — `script-src-elem`, `script-src`, `connect-src`, or
 * `default-src` when that is what applies (adding a new directive instead would silently drop
 * the fallback's other sources for that kind of request). Every other directive is kept as the
 * page wrote it, so the result can be pasted as the whole header.
 */
export function correctPolicy(
  policy: string,
  needs: SourceNeed[],
  selfOrigin: string,
): CorrectedPolicy {
  const parts = policy
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean)
    .map((text) => {
      const [name = "", ...sources] = text.split(/\s+/);
      return { name: name.toLowerCase(), text, sources };
    });
  const changes: DirectiveChange[] = [];
  for (const need of needs) {
    const directives = new Map<string, string[]>();
    for (const part of parts)
      if (!directives.has(part.name)) directives.set(part.name, part.sources);
    const governing = governingDirective(directives, need.directive);
    if (!governing || sourcesAllow(governing.sources, need.url, selfOrigin)) continue;
    const part = parts.find((p) => p.name === governing.name);
    if (!part) continue;
    const before = part.text;
    part.sources = [...part.sources.filter((s) => s.toLowerCase() !== "'none'"), need.source];
    part.text = `${part.text.split(/\s+/)[0]} ${part.sources.join(" ")}`;
    const earlier = changes.find((c) => c.after === before);
    if (earlier) earlier.after = part.text;
    else changes.push({ before, after: part.text });
  }
  const script = governingDirective(parsePolicy(policy), "script-src-elem");
  return {
    policy: parts.map((p) => p.text).join("; "),
    changes,
    strictDynamic: script?.sources.some((s) => s.toLowerCase() === "'strict-dynamic'") ?? false,
  };
}
