import { describe, expect, it } from "vitest";
import {
  DEFAULT_SETTINGS,
  FULL_RECALL,
  parseSettings,
  settingName,
} from "../../bench/truth-settings";

describe("truth benchmark settings", () => {
  it("runs proxy off, proxy on and proxy on with by-ref by default, ending on the target's", () => {
    const settings = parseSettings(DEFAULT_SETTINGS);
    expect(settings).toEqual([
      { proxy: false, byRef: false },
      { proxy: true, byRef: false },
      { proxy: true, byRef: true },
    ]);
    expect(settings).toContainEqual(FULL_RECALL);
  });

  it("names settings as it parses them", () => {
    for (const name of ["off", "on", "off+by-ref", "on+by-ref"]) {
      const parsed = parseSettings(name);
      if (parsed instanceof Error) throw parsed;
      expect(parsed.map(settingName)).toEqual([name]);
    }
  });

  it("refuses unknown and repeated settings with a message that says what it takes", () => {
    expect(parseSettings("on,both")).toEqual(
      new Error(
        '--settings: unknown setting "both"; expected off, on, off+by-ref or on+by-ref, comma-separated',
      ),
    );
    expect(parseSettings("on, on")).toEqual(new Error('--settings: "on" given twice'));
  });
});
