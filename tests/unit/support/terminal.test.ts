import { afterEach, describe, expect, it, vi } from "vitest";
import { print, printJson, progress } from "../../../server/cli/output";
import { formatDoctorReport } from "../../../server/support/doctor/format";
import { forTerminal, jsonForTerminal } from "../../../server/support/terminal";

// What a hostile page, bundle or Stripe object can carry into a terminal.
const HOSTILE = [
  "\u001b[2J\u001b[H", // clear screen, cursor home
  "\u001b]0;pwned\u0007", // set the window title
  "\r", // overwrite the line
  "\u0008\u0008", // backspaces
  "\u009b31m", // C1 CSI
  "\u202eevil\u202c", // right-to-left override
  "\u2066iso\u2069", // bidi isolate
  "\u007f", // DEL
].join("");

/** Any character a terminal would act on rather than show (newlines aside). */
function unsafe(text: string): string[] {
  return [...text].filter((c) => {
    const code = c.codePointAt(0) ?? 0;
    return (
      (code < 0x20 && c !== "\n" && c !== "\t") ||
      (code >= 0x7f && code <= 0x9f) ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069)
    );
  });
}

describe("forTerminal", () => {
  it("removes every control character and bidi mark, keeping newlines and tabs", () => {
    expect(forTerminal(`a${HOSTILE}b\n\tc`)).toBe("a[2J[H]0;pwned31mevilisob\n\tc");
    expect(unsafe(forTerminal(HOSTILE))).toEqual([]);
  });

  it("keeps ordinary text, accents and emoji", () => {
    expect(forTerminal("Café — 5 € ✓ 🙂")).toBe("Café — 5 € ✓ 🙂");
  });

  it("JSON keeps its value but prints no raw control character", () => {
    const value = { title: `shop${HOSTILE}`, metadata: { note: "\u202eabc" } };
    const printed = jsonForTerminal(JSON.stringify(value));
    expect(unsafe(printed)).toEqual([]);
    expect(JSON.parse(printed)).toEqual(value);
  });
});

describe("CLI output", () => {
  afterEach(() => vi.restoreAllMocks());

  function captured(stream: NodeJS.WriteStream, run: () => void): string {
    const chunks: string[] = [];
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
    run();
    return chunks.join("");
  }

  it("print, progress and printJson never pass a control character through", () => {
    const out = captured(process.stdout, () => {
      print(`Page title: ${HOSTILE}`);
      printJson({ evidence: [HOSTILE] });
    });
    const err = captured(process.stderr, () => progress(`Opening https://x.example/${HOSTILE}`));
    expect(unsafe(out)).toEqual([]);
    expect(unsafe(err)).toEqual([]);
  });

  it("a doctor report quoting a hostile page prints clean", () => {
    const finding = {
      id: "snippet-missing",
      severity: "error" as const,
      section: "Snippet not loading",
      symptom: "s",
      cause: `c${HOSTILE}`,
      fix: "f",
      evidence: [`Page: https://evil.example/${HOSTILE}`],
      consequences: [],
    };
    const text = formatDoctorReport({
      format: "selgeo-doctor-report",
      version: 1,
      checkedAt: "2026-12-02T10:00:00.000Z",
      url: `https://evil.example/${HOSTILE}`,
      finalUrl: `https://evil.example/${HOSTILE}`,
      httpStatus: 200,
      extension: { name: "Selgeo", version: "1.0.0" },
      complete: true,
      privateAddresses: { allowed: false, refused: [] },
      result: "problems",
      exitCode: 1,
      status: {
        snippet: "missing",
        key: "missing",
        merchant: null,
        ref: null,
        clickId: null,
        health: "error",
        settled: true,
      },
      findings: [finding],
      counts: { error: 1, warning: 0, info: 0 },
      requests: [],
      requestIds: [],
      timeline: [],
    });
    // The report itself quotes the page as it is; printing is where it is made safe.
    expect(text).toContain("\u001b");
    const out = captured(process.stdout, () => print(text));
    expect(unsafe(out)).toEqual([]);
    expect(out).toContain("Page: https://evil.example/[2J[H]0;pwned");
  });
});
