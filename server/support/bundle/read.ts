// Reads a support bundle file and checks it against the extension's own schema
// (extension/bundle/schema.ts); every way it can be wrong becomes one sentence for the CLI.
import { readFile } from "node:fs/promises";
import type { z } from "zod";
import {
  SUPPORT_BUNDLE_FORMAT,
  SUPPORT_BUNDLE_VERSION,
  type SupportBundle,
  supportBundleSchema,
} from "../../../extension/bundle/schema";

export class BundleError extends Error {
  override name = "BundleError";
}

const EXPORT_HINT =
  'A support bundle is the .json file the Selgeo DevTools panel saves with "Export support bundle".';

/** At most this many schema problems are listed: the first few say what is wrong. */
const MAX_ISSUES = 8;

function describeIssues(issues: z.core.$ZodIssue[]): string {
  const lines = issues
    .slice(0, MAX_ISSUES)
    .map((issue) => `  ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  if (issues.length > MAX_ISSUES) lines.push(`  … and ${issues.length - MAX_ISSUES} more`);
  return lines.join("\n");
}

/** Validates parsed JSON; `name` is how the input is called in messages (the file's path). */
export function validateBundle(json: unknown, name: string): SupportBundle {
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new BundleError(
      `${name} is not a Selgeo support bundle: it holds no JSON object. ${EXPORT_HINT}`,
    );
  }
  if (format !== SUPPORT_BUNDLE_FORMAT) {
    throw new BundleError(
      `${name} is not a Selgeo support bundle (its "format" is ${JSON.stringify(format) ?? "missing"}, not "${SUPPORT_BUNDLE_FORMAT}"). ${EXPORT_HINT}`,
    );
  }
  const version = (json as { version?: unknown }).version;
  if (version !== SUPPORT_BUNDLE_VERSION) {
    throw new BundleError(
      `${name} is a version ${JSON.stringify(version)} support bundle; this selgeo reads version ${SUPPORT_BUNDLE_VERSION}. Use a selgeo as recent as the extension that exported it.`,
    );
  }
  const parsed = supportBundleSchema.safeParse(json);
  if (!parsed.success) {
    throw new BundleError(
      `${name} is not a valid Selgeo support bundle:\n${describeIssues(parsed.error.issues)}`,
    );
  }
  return parsed.data;
}

export async function readBundleFile(path: string): Promise<SupportBundle> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new BundleError(`No such file: ${path}. ${EXPORT_HINT}`);
    if (code === "EISDIR") throw new BundleError(`${path} is a directory, not a bundle file.`);
    throw new BundleError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BundleError(`${path} is not JSON (${(error as Error).message}). ${EXPORT_HINT}`);
  }
  return validateBundle(json, path);
}
