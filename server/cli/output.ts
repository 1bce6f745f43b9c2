// CLI output conventions: results on stdout (so they pipe), progress and errors on stderr, and
// never a control character from a page, a bundle or Stripe data (server/support/terminal.ts).
import { forTerminal, jsonForTerminal } from "../support/terminal";

export function printJson(value: unknown): void {
  process.stdout.write(`${jsonForTerminal(JSON.stringify(value, null, 2))}\n`);
}

export function print(line = ""): void {
  process.stdout.write(`${forTerminal(line)}\n`);
}

export function progress(line: string): void {
  process.stderr.write(`${forTerminal(line)}\n`);
}

/** A failure the user can act on: printed as one sentence, no stack trace. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}
