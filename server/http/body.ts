// Reading request bodies and queries: size limit, JSON parsing and schema validation, each
// failure turned into the contract's error instead of a 500.
import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import type { z } from "zod";
import { ApiError } from "../contract/errors";
import { hasControlCharacters } from "../contract/schemas/common";
import { suggestField } from "../lib/field-suggestion";
import { requestHeader } from "./request-headers";
import { knownFieldsAt } from "./schema-fields";

/** DESIGN.md: bodies over 16 KiB are refused with 413. */
export const MAX_BODY_BYTES = 16 * 1024;

function tooLarge(limit: number): ApiError {
  return new ApiError(
    "PAYLOAD_TOO_LARGE",
    `The request body is larger than ${limit} bytes. Send only the documented fields.`,
    { details: { limit_bytes: limit } },
  );
}

/**
 * A request's body as read once: the idempotency layer (idempotency.ts) reads it to fingerprint
 * the request before the route reads it again, and a streamed body cannot be read twice.
 */
const bodiesRead = new WeakMap<Request, Promise<string>>();

export function readBodyText(c: Context, limit = MAX_BODY_BYTES): Promise<string> {
  const read = bodiesRead.get(c.req.raw);
  if (read) return read;
  const reading = readBodyTextOnce(c, limit);
  bodiesRead.set(c.req.raw, reading);
  return reading;
}

function readBodyTextOnce(c: Context, limit: number): Promise<string> {
  const declaredHeader = requestHeader(c, "content-length");
  const declared = declaredHeader === undefined ? Number.NaN : Number(declaredHeader);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  // A declared, acceptable length: the server reads exactly that much, and text() takes
  // @hono/node-server's fast path (no web stream is built for the request).
  if (Number.isInteger(declared) && declared >= 0) return c.req.text();
  return readStreamedBody(c, limit);
}

/** A body without a declared length (chunked): read up to `limit`, refused past it. */
async function readStreamedBody(c: Context, limit: number): Promise<string> {
  const body = c.req.raw.body;
  if (!body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return decodeBody(Buffer.concat(chunks));
}

/** As fetch's text() decodes: UTF-8, a byte order mark dropped, bad bytes as U+FFFD. */
const decoder = new TextDecoder();
function decodeBody(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/**
 * readBodyText for a request read straight off Node's server (http/click-listener.ts): the
 * same limit, the same refusals, the same text. A promise settles once, so whichever of the
 * events below comes first decides; the handlers stay inline because the TypeScript loader
 * names every named closure at runtime, a cost paid per request on this path.
 */
export function readIncomingBody(
  incoming: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<string> {
  const declared = Number(incoming.headers["content-length"] ?? Number.NaN);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on("data", (chunk: Buffer) => {
      if (size > limit) return;
      size += chunk.byteLength;
      if (size > limit) reject(tooLarge(limit));
      else chunks.push(chunk);
    });
    incoming.on("end", () => {
      if (size > limit) return;
      resolve(decodeBody(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    });
    incoming.on("error", reject);
    incoming.on("close", () => {
      if (!incoming.complete) {
        reject(new Error("the client left before its request body was whole"));
      }
    });
  });
}

export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (text.trim() === "") {
      throw new ApiError("INVALID_JSON", "The request body is empty; send a JSON object.");
    }
    throw new ApiError(
      "INVALID_JSON",
      "The request body is not valid JSON. Check quoting and trailing commas.",
      { details: { parser: error instanceof Error ? error.message : String(error) } },
    );
  }
}

/** Why an unknown field or parameter is refused, naming the known one it most likely meant. */
function unknownFieldMessage(
  where: "body" | "query" | "path",
  name: string,
  known: readonly string[],
): string {
  const refusal =
    where === "query" ? "is not a parameter of this endpoint" : "is not a known field";
  const meant = suggestField(name, known);
  return meant === undefined ? refusal : `${refusal}; did you mean ${meant}?`;
}

/**
 * `{ "amount_cents": "must be …" }`: every failing field named, so the caller can fix all at
 * once. With the schema, an unknown field's message names the known field it most likely meant.
 */
export function validationError(
  error: z.ZodError,
  where: "body" | "query" | "path",
  schema?: z.ZodType,
): ApiError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      // Named one by one: a misspelt field or filter must not be silently ignored, nor left unnamed.
      const prefix = issue.path.length > 0 ? `${issue.path.join(".")}.` : "";
      const known = schema ? knownFieldsAt(schema, issue.path) : [];
      for (const key of issue.keys) {
        fields[`${prefix}${key}`] ??= unknownFieldMessage(where, key, known);
      }
      continue;
    }
    const name = issue.path.length > 0 ? issue.path.join(".") : `(${where})`;
    fields[name] ??= issue.message;
  }
  const names = Object.keys(fields);
  return new ApiError(
    "VALIDATION_ERROR",
    `Invalid ${where}: ${names.map((name) => `${name} ${fields[name]}`).join("; ")}.`,
    { details: { fields } },
  );
}

/**
 * Query parameters and path segments are text from a URL, where no control character has a use:
 * each is refused here, whatever the endpoint's schema says, before any database sees it
 * (PostgreSQL refuses a NUL byte in text with an error of its own). Bodies are refused field by
 * field by their schemas (textField).
 */
function refuseControlCharacters(value: unknown, where: "query" | "path"): void {
  if (typeof value !== "object" || value === null) return;
  const fields: Record<string, string> = {};
  for (const [name, text] of Object.entries(value)) {
    if (typeof text === "string" && hasControlCharacters(text)) {
      fields[name] = "must not contain control characters";
    }
  }
  const names = Object.keys(fields);
  if (names.length === 0) return;
  throw new ApiError(
    "VALIDATION_ERROR",
    `Invalid ${where}: ${names.map((name) => `${name} must not contain control characters`).join("; ")}.`,
    { details: { fields } },
  );
}

export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: "body" | "query" | "path",
): z.infer<S> {
  if (where !== "body") refuseControlCharacters(value, where);
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where, schema);
  return result.data;
}

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  return validate(schema, parseJsonText(await readBodyText(c)), "body");
}

export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return validate(schema, c.req.query(), "query");
}
