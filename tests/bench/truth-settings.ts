// The settings the truth benchmark runs each journey under: the shop's first-party proxy path and
// the programs' attribute_by_ref. Pure: truth-world.ts applies them, truth-report.ts scores them.

/** One configuration a merchant can run. */
export interface Setting {
  /** The shop serves the snippet and the API under its own origin at /_selgeo/. */
  proxy: boolean;
  /** Both programs credit a failed click's stand-in by its ref (ATTRIBUTED_BY_REF). */
  byRef: boolean;
}

/**
 * What a merchant wanting full recall runs, and so where the recall target is held: the proxy path
 * (ad blockers do not see Selgeo) and attribute_by_ref (a click that failed in the browser is
 * credited by its ref). The default program has attribute_by_ref off: that setting is measured,
 * and its recall gap reported as the price of precision-first, not held to the target.
 */
export const FULL_RECALL: Setting = { proxy: true, byRef: true };

/** The benchmark's default run: proxy off, proxy on, proxy on with attribute_by_ref on. */
export const DEFAULT_SETTINGS = "off,on,on+by-ref";

/** `off`, `on`, `off+by-ref`, `on+by-ref`: the proxy path, then whether by-ref is on. */
export function settingName(setting: Setting): string {
  return `${setting.proxy ? "on" : "off"}${setting.byRef ? "+by-ref" : ""}`;
}

export function sameSetting(a: Setting, b: Setting): boolean {
  return a.proxy === b.proxy && a.byRef === b.byRef;
}

/** Parses `--settings` (names as settingName gives them, comma-separated); an Error says why not. */
export function parseSettings(text: string): Setting[] | Error {
  const settings: Setting[] = [];
  for (const name of text.split(",").map((part) => part.trim())) {
    const match = /^(off|on)(\+by-ref)?$/.exec(name);
    if (!match) {
      return new Error(
        `--settings: unknown setting "${name}"; expected off, on, off+by-ref or on+by-ref, comma-separated`,
      );
    }
    const setting = { proxy: match[1] === "on", byRef: match[2] !== undefined };
    if (settings.some((seen) => sameSetting(seen, setting))) {
      return new Error(`--settings: "${name}" given twice`);
    }
    settings.push(setting);
  }
  return settings;
}
