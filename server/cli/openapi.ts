// `selgeo openapi`: the API's OpenAPI document, as GET /api/v1/openapi.json serves it, without a
// database or a running server — for linters, SDK generators and the client's types (docs/client.md).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import { createApp } from "../app";
import { openApiDocument } from "../routes/docs/openapi";
import type { Services } from "../services";
import { print } from "./output";

export function openApiCommand(program: Command): void {
  program
    .command("openapi")
    .description("Print the OpenAPI document of this version's API (or write it with --out)")
    .option("--out <file>", "write the document to this file instead of standard output")
    .action((options: { out?: string }) => {
      // Building the document registers routes only: no handler runs, so no service is needed.
      const document = openApiDocument(createApp({} as Services));
      const text = `${JSON.stringify(document, null, 2)}\n`;
      if (options.out) {
        mkdirSync(dirname(options.out), { recursive: true });
        writeFileSync(options.out, text);
      } else print(text.trimEnd());
    });
}
