// `npm run lint:extension`: Mozilla's add-on linter (`web-ext lint`) over the firefox-mv2 build,
// failing on every error, warning and notice except the ones that are about bundled library code
// rather than ours. Today that is one: React DOM's `dangerouslySetInnerHTML` path, which the
// linter flags as UNSAFE_VAR_ASSIGNMENT wherever React is bundled (the panel and popup never
// use it).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(fileURLToPath(import.meta.url), "..", "..");
export const FIREFOX_BUILD_DIR = join(ROOT, ".output", "firefox-mv2");

export interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface LintReport {
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

/** React DOM, minified: `prev?.__html!==next&&(node.innerHTML=next)`. */
const REACT_INNER_HTML = /__html!==([\w$]+)&&\($/;

/**
 * Whether a message points at React's own `innerHTML` assignment: the text before the flagged
 * column ends with React's guard and the flagged text assigns that same variable.
 */
function isReactInnerHtml(m: LintMessage, source: (file: string) => string | null): boolean {
  if (m.code !== "UNSAFE_VAR_ASSIGNMENT" || !m.file || !m.line || !m.column) return false;
  const line = source(m.file)?.split("\n")[m.line - 1];
  if (!line) return false;
  const before = line.slice(Math.max(0, m.column - 1 - 40), m.column - 1);
  const guard = REACT_INNER_HTML.exec(before);
  if (!guard) return false;
  const assigned = /^[\w$]+\.innerHTML=([\w$]+)\)/.exec(line.slice(m.column - 1));
  return assigned?.[1] === guard[1];
}

/** Every message that concerns our code: what must make the lint fail. */
export function messagesToFix(
  report: LintReport,
  source: (file: string) => string | null,
): LintMessage[] {
  return [...report.errors, ...report.warnings, ...report.notices].filter(
    (m) => !isReactInnerHtml(m, source),
  );
}

function runWebExtLint(sourceDir: string): LintReport {
  let output: string;
  try {
    output = execFileSync(
      join(ROOT, "node_modules", ".bin", "web-ext"),
      ["lint", "--source-dir", sourceDir, "--output", "json", "--no-config-discovery"],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
    );
  } catch (error) {
    // web-ext exits 1 when the linter found errors; the JSON report is still on stdout.
    output = (error as { stdout?: string }).stdout ?? "";
    if (!output) throw error;
  }
  return JSON.parse(output) as LintReport;
}

function main(): void {
  const report = runWebExtLint(FIREFOX_BUILD_DIR);
  const source = (file: string) => {
    try {
      return readFileSync(join(FIREFOX_BUILD_DIR, file), "utf8");
    } catch {
      return null;
    }
  };
  const toFix = messagesToFix(report, source);
  for (const m of toFix) {
    const where = m.file ? ` ${m.file}${m.line ? `:${m.line}:${m.column ?? 0}` : ""}` : "";
    console.error(`web-ext lint: ${m.code}${where}: ${m.message}`);
  }
  if (toFix.length > 0) process.exit(1);
  const ignored = report.errors.length + report.warnings.length + report.notices.length;
  console.log(
    `web-ext lint: firefox-mv2 clean (${ignored} message${ignored === 1 ? "" : "s"} about React DOM's bundled innerHTML ignored).`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
