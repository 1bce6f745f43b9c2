// Completes the OpenAPI document @hono/zod-openapi generates from the routes, in one place, so
// every route — those added later too — is documented alike for SDK generators and linters:
// the headers each response sends, each error status with the closed list of codes it can carry
// (each code its own schema with typed `details`), 405, 500 and a `default` error, and an
// example on every request and response body.
import { sample } from "openapi-sampler";
import { ERROR_STATUS, type ErrorCode } from "../../contract/errors";
import { errorSchemaName } from "../../contract/schemas/error-details";

// biome-ignore lint/suspicious/noExplicitAny: the document is plain JSON, walked by key
type Json = any;

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

export const HEADER_COMPONENTS = {
  XRequestId: {
    required: true,
    description:
      "The request's id: the caller's X-Request-Id when printable and at most 200 characters, else a new one. Quote it to support.",
    schema: { type: "string", example: "req_3kTmq9aZ1B7cXy0Lp2Qw4Rte" },
  },
  RetryAfter: {
    required: true,
    description: "Seconds to wait before retrying.",
    schema: { type: "integer", minimum: 0, example: 5 },
  },
  Allow: {
    required: true,
    description: "The methods the path takes.",
    schema: { type: "string", example: "GET, POST" },
  },
  RateLimitLimit: {
    description: "Requests allowed per window for this publishable key.",
    schema: { type: "integer", example: 1000 },
  },
  RateLimitRemaining: {
    description: "Requests left in the current window.",
    schema: { type: "integer", example: 999 },
  },
  RateLimitReset: {
    description: "Seconds until the window resets.",
    schema: { type: "integer", example: 60 },
  },
  RateLimitPolicy: {
    description: "The limit and its window in seconds (`1000;w=60`).",
    schema: { type: "string", example: "1000;w=60" },
  },
};

const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });
const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": ref("RateLimitLimit"),
  "RateLimit-Remaining": ref("RateLimitRemaining"),
  "RateLimit-Reset": ref("RateLimitReset"),
  "RateLimit-Policy": ref("RateLimitPolicy"),
};

interface OperationFacts {
  path: string;
  method: string;
  security: string[];
  hasJsonBody: boolean;
  takesIdempotencyKey: boolean;
}

/**
 * The codes an operation can answer with a status, from what it takes: a body, which
 * credentials, an Idempotency-Key. Kept beside http/ and contract/errors.ts: a new code is
 * added here too, or the error-status test fails.
 */
export function codesFor(op: OperationFacts, status: number): ErrorCode[] {
  const publishable = op.security.includes("PublishableKey");
  const secret = op.security.includes("SecretKey");
  const session = op.security.includes("DashboardSession");
  const changes = op.method !== "get";
  switch (status) {
    case 400:
      return [
        "VALIDATION_ERROR",
        ...(op.hasJsonBody || op.path.startsWith("/api/v1/webhooks/")
          ? (["INVALID_JSON"] as const)
          : []),
        ...(op.path.startsWith("/api/v1/webhooks/")
          ? (["WEBHOOK_SIGNATURE_INVALID"] as const)
          : []),
      ];
    case 401:
      if (op.security.length === 0) return ["INVALID_CREDENTIALS"];
      return [
        ...(secret || publishable ? (["INVALID_API_KEY"] as const) : []),
        ...(secret ? (["SECRET_KEY_REQUIRED"] as const) : []),
        ...(publishable ? (["PUBLISHABLE_KEY_REQUIRED"] as const) : []),
        ...(session ? (["SESSION_EXPIRED"] as const) : []),
      ];
    case 403:
      return [
        ...(publishable ? (["ORIGIN_NOT_ALLOWED"] as const) : []),
        ...(session && changes ? (["CSRF_TOKEN_INVALID"] as const) : []),
      ];
    case 404:
      return publishable ? ["REFERRAL_NOT_FOUND"] : ["NOT_FOUND"];
    case 409:
      return [
        ...(op.method === "post" && op.path === "/api/v1/conversions"
          ? (["CONVERSION_DUPLICATE"] as const)
          : []),
        ...(op.method === "post" && op.path === "/api/v1/payouts"
          ? (["COMMISSION_NOT_DUE", "NOTHING_TO_PAY"] as const)
          : []),
        ...(op.method === "post" &&
        /^\/api\/v1\/commissions\/\{[^}]+\}\/(release|reject)$/.test(op.path)
          ? (["COMMISSION_NOT_HELD"] as const)
          : []),
        ...(op.takesIdempotencyKey
          ? (["IDEMPOTENCY_KEY_REUSED", "IDEMPOTENCY_KEY_IN_USE"] as const)
          : []),
      ];
    default:
      return (Object.keys(ERROR_STATUS) as ErrorCode[]).filter(
        (code) => ERROR_STATUS[code] === status,
      );
  }
}

/**
 * A status's error body: one of its codes' envelopes (anyOf: the envelopes differ only in the
 * nested `error.code`, which no discriminator can name), with an example of each code.
 */
function errorContent(codes: ErrorCode[]) {
  const refs = codes.map((code) => ({ $ref: `#/components/schemas/${errorSchemaName(code)}` }));
  const examples: Record<string, { $ref: string }> = {};
  for (const code of codes)
    examples[code] = { $ref: `#/components/examples/${errorSchemaName(code)}` };
  return {
    "application/json": { schema: refs.length === 1 ? refs[0] : { anyOf: refs }, examples },
  };
}

/** One example per code, shared by every response that can carry it. */
function errorExamples(document: Json) {
  const examples: Record<string, { summary: string; value: unknown }> = {};
  for (const code of Object.keys(ERROR_STATUS) as ErrorCode[]) {
    const name = errorSchemaName(code);
    examples[name] = {
      summary: code,
      value: sample({ $ref: `#/components/schemas/${name}` } as never, { quiet: true }, document),
    };
  }
  return examples;
}

function headersFor(op: OperationFacts, status: number, codes: ErrorCode[]) {
  const headers: Record<string, unknown> = { "X-Request-Id": ref("XRequestId") };
  if (status === 429 || status === 503) headers["Retry-After"] = ref("RetryAfter");
  else if (codes.includes("IDEMPOTENCY_KEY_IN_USE")) {
    headers["Retry-After"] = {
      description: "With IDEMPOTENCY_KEY_IN_USE only: seconds to wait before retrying.",
      schema: { type: "integer", minimum: 0, example: 1 },
    };
  }
  if (status === 405) headers.Allow = ref("Allow");
  // The click endpoint counts each publishable key's requests once the key is known.
  if (
    op.security.includes("PublishableKey") &&
    (status < 300 || status === 429 || status === 403 || status === 404)
  ) {
    Object.assign(headers, RATE_LIMIT_HEADERS);
  }
  return headers;
}

function withExample(media: Json, document: Json): void {
  if (!media?.schema || media.example !== undefined || media.examples !== undefined) return;
  media.example = sample(media.schema, { skipNonRequired: false, quiet: true }, document);
}

function completeOperation(path: string, method: string, operation: Json, document: Json): void {
  const facts: OperationFacts = {
    path,
    method,
    security: (operation.security ?? []).flatMap((entry: object) => Object.keys(entry)),
    hasJsonBody: Boolean(operation.requestBody?.content?.["application/json"]),
    takesIdempotencyKey: (operation.parameters ?? []).some(
      (p: { $ref?: string }) => p.$ref === "#/components/parameters/IdempotencyKey",
    ),
  };
  // Public operations say so: no security is no oversight.
  operation.security ??= [];
  for (const media of Object.values<Json>(operation.requestBody?.content ?? {})) {
    withExample(media, document);
  }
  // Statuses every operation of its kind can answer, whatever its route listed.
  const session = facts.security.includes("DashboardSession");
  if (facts.security.length > 0) operation.responses[401] ??= {};
  if (session && method !== "get") operation.responses[403] ??= {};
  if (facts.hasJsonBody) {
    operation.responses[400] ??= {};
    operation.responses[413] ??= {};
  }
  operation.responses[405] ??= { description: "Another method on this path" };
  operation.responses[500] ??= { description: "Unexpected failure" };
  for (const [key, response] of Object.entries<Json>(operation.responses)) {
    const status = Number(key);
    if (status >= 400) {
      const codes = codesFor(facts, status);
      response.description = codes.join(", ");
      response.content = errorContent(codes);
      response.headers = { ...response.headers, ...headersFor(facts, status, codes) };
    } else {
      response.headers = { ...response.headers, ...headersFor(facts, status, []) };
      for (const media of Object.values<Json>(response.content ?? {})) withExample(media, document);
    }
  }
  operation.responses.default = {
    description: "Any other error, in the same envelope",
    headers: { "X-Request-Id": ref("XRequestId") },
    content: {
      "application/json": {
        schema: { $ref: "#/components/schemas/Error" },
        example: sample({ $ref: "#/components/schemas/Error" } as never, {}, document),
      },
    },
  };
}

/** The generated document, completed in place (and returned). */
export function completeDocument(document: Json): Json {
  document.components.headers = { ...HEADER_COMPONENTS, ...document.components.headers };
  document.components.examples = { ...errorExamples(document), ...document.components.examples };
  for (const [path, item] of Object.entries<Json>(document.paths ?? {})) {
    for (const method of METHODS) {
      if (item[method]) completeOperation(path, method, item[method], document);
    }
  }
  return document;
}
