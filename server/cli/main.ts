// `selgeo`: one command per file, wired here. Every command has --help.
import { Command, CommanderError } from "commander";
import { auditCommand } from "./audit";
import { bundleCommand } from "./bundle";
import { doctorCommand } from "./doctor";
import { keysCommand } from "./keys";
import { merchantCommand } from "./merchant";
import { migrateCommand } from "./migrate";
import { openApiCommand } from "./openapi";
import { CliError, progress } from "./output";
import { serveCommand } from "./serve";
import { userCommand } from "./user";

export function buildProgram(): Command {
  const program = new Command()
    .name("selgeo")
    .description(
      "Selgeo: affiliate tracking and attribution — server, administration and support tools",
    )
    .showHelpAfterError()
    .exitOverride();
  serveCommand(program);
  migrateCommand(program);
  merchantCommand(program);
  keysCommand(program);
  userCommand(program);
  doctorCommand(program);
  bundleCommand(program);
  auditCommand(program);
  openApiCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof CliError) {
      // The message may quote a page's URL or a bundle's content.
      progress(`selgeo: ${error.message}`);
      process.exitCode = error.exitCode;
      return;
    }
    throw error;
  }
}
