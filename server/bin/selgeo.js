#!/usr/bin/env node
// The `selgeo` command. The code is TypeScript, run through tsx's loader so no build step
// stands between `npm install` and a working CLI.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../cli/main.ts");
await main(process.argv);
