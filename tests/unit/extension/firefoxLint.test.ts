// What `npm run lint:extension` lets through from `web-ext lint`: only React DOM's own
// innerHTML assignment; every other message, ours or the manifest's, fails the lint.
import { describe, expect, it } from "vitest";
import { type LintMessage, messagesToFix } from "../../../extension/firefoxLint";

const REACT_CHUNK =
  "if(u=a.__html,u!=null){if(e.children!=null)throw Error(S(60));n?.__html!==u&&(l.innerHTML=u)}}break;";
const OUR_CHUNK = "function show(el,html){el.innerHTML=html}";

function at(source: string, needle: string): { line: number; column: number } {
  return { line: 1, column: source.indexOf(needle) + 1 };
}

const files: Record<string, string> = {
  "chunks/react.js": REACT_CHUNK,
  "chunks/ours.js": OUR_CHUNK,
};
const source = (file: string) => files[file] ?? null;

function unsafe(file: string, needle: string): LintMessage {
  return {
    code: "UNSAFE_VAR_ASSIGNMENT",
    message: "Unsafe assignment to innerHTML",
    file,
    ...at(files[file]!, needle),
  };
}

describe("messagesToFix", () => {
  it("ignores React DOM's dangerouslySetInnerHTML assignment", () => {
    const report = {
      errors: [],
      notices: [],
      warnings: [unsafe("chunks/react.js", "l.innerHTML")],
    };
    expect(messagesToFix(report, source)).toEqual([]);
  });

  it("keeps an innerHTML assignment of our own", () => {
    const ours = unsafe("chunks/ours.js", "el.innerHTML");
    expect(messagesToFix({ errors: [], notices: [], warnings: [ours] }, source)).toEqual([ours]);
  });

  it("keeps the same code at another place in React's chunk", () => {
    const elsewhere = { ...unsafe("chunks/react.js", "l.innerHTML"), column: 1 };
    expect(messagesToFix({ errors: [], notices: [], warnings: [elsewhere] }, source)).toEqual([
      elsewhere,
    ]);
  });

  it("keeps errors, manifest warnings and notices", () => {
    const error = { code: "JSON_INVALID", message: "bad manifest", file: "manifest.json" };
    const warning = { code: "KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION", message: "min" };
    const notice = { code: "SOME_NOTICE", message: "note" };
    expect(
      messagesToFix({ errors: [error], warnings: [warning], notices: [notice] }, source),
    ).toEqual([error, warning, notice]);
  });
});
