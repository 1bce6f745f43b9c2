// Every failure leaves in the one envelope: our own ApiErrors as they are, storage outages as
// 503, anything unexpected as a logged 500 that still carries the request id.
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Logger } from "pino";
import { ApiError } from "../contract/errors";
import { isStorageUnavailable } from "../store/errors";
import { UnknownCursor } from "../store/paginate";
import type { AppEnv } from "./env";
import { publicBase } from "./public-base";

export function sendError(c: Context<AppEnv>, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
  return c.json(error.toBody(c.get("requestId") ?? "req_unknown", publicBase(c)), error.status);
}

/**
 * Whatever a request failed with, as the error it is answered with; the failures that are ours
 * to look into are logged with the request's id. Shared by Hono's error handler and the click
 * listener (click-listener.ts), so both answer a failure alike.
 */
export function asApiError(
  error: unknown,
  logger: Logger | undefined,
  requestId: string | undefined,
): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof UnknownCursor) {
    return new ApiError(
      "VALIDATION_ERROR",
      `starting_after ${error.cursor} is not an object of this list. Pass the id of the last item of the previous page.`,
      { details: { fields: { starting_after: "is not the id of an object in this list" } } },
    );
  }
  if (error instanceof HTTPException && error.status === 413) {
    return new ApiError("PAYLOAD_TOO_LARGE", "The request body is too large.");
  }
  if (isStorageUnavailable(error)) {
    logger?.error({ err: error, request_id: requestId }, "storage unavailable");
    return new ApiError(
      "UNAVAILABLE",
      "Storage is unavailable right now; retry the request shortly.",
      { headers: { "Retry-After": "5" } },
    );
  }
  logger?.error({ err: error, request_id: requestId }, "unhandled error");
  return new ApiError(
    "INTERNAL_ERROR",
    "Something went wrong on our side. Retry, and contact support with the request id if it persists.",
  );
}

export const onError: ErrorHandler<AppEnv> = (error, c) =>
  sendError(c, asApiError(error, c.get("services")?.logger, c.get("requestId")));

function pathPattern(path: string): RegExp {
  const escaped = path
    .split("/")
    .map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${escaped}$`);
}

/** A path that exists under another method answers 405 with `Allow`, not a misleading 404. */
export function notFound(
  routes: () => ReadonlyArray<{ method: string; path: string }>,
): NotFoundHandler<AppEnv> {
  return (c) => {
    const allowed = new Set<string>();
    for (const route of routes()) {
      if (route.method === "ALL" || route.path.includes("*")) continue;
      if (pathPattern(route.path).test(c.req.path)) allowed.add(route.method);
    }
    if (allowed.size > 0) {
      const allow = [...allowed].sort().join(", ");
      return sendError(
        c,
        new ApiError(
          "METHOD_NOT_ALLOWED",
          `${c.req.method} is not supported on ${c.req.path}; use ${allow}.`,
          {
            headers: { Allow: allow },
            details: { allowed_methods: [...allowed].sort() },
          },
        ),
      );
    }
    return sendError(
      c,
      new ApiError(
        "NOT_FOUND",
        `No route ${c.req.method} ${c.req.path}. See /api/v1/openapi.json for every endpoint.`,
      ),
    );
  };
}
