// The one error envelope of the API (DESIGN.md § HTTP API v1): every code, its status and the
// sentence that tells the caller how to fix it. Each code has a section in docs/errors.md, which
// the server serves at ERROR_DOCS_PATH; every error's doc_url links to its section there.

export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  INVALID_JSON: 400,
  WEBHOOK_SIGNATURE_INVALID: 400,
  INVALID_API_KEY: 401,
  INVALID_CREDENTIALS: 401,
  SESSION_EXPIRED: 401,
  SECRET_KEY_REQUIRED: 401,
  PUBLISHABLE_KEY_REQUIRED: 401,
  ORIGIN_NOT_ALLOWED: 403,
  CSRF_TOKEN_INVALID: 403,
  NOT_FOUND: 404,
  REFERRAL_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONVERSION_DUPLICATE: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  IDEMPOTENCY_KEY_IN_USE: 409,
  COMMISSION_NOT_DUE: 409,
  COMMISSION_NOT_HELD: 409,
  NOTHING_TO_PAY: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

/** The official CDN's documentation, named in the snippet's console messages (snippet/click.ts). */
export const DOCS_BASE_URL = "https://docs.selgeo.com/errors";

/** Where a server serves docs/errors.md as HTML (routes/docs/errors.ts). */
export const ERROR_DOCS_PATH = "/docs/errors";

/** A code's section anchor in docs/errors.md: `RATE_LIMITED` → `rate-limited`. */
export function errorAnchor(code: ErrorCode): string {
  return code.toLowerCase().replaceAll("_", "-");
}

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    request_id: string;
    doc_url: string;
    details: Record<string, unknown>;
  };
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: ErrorStatus;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = options.details;
    this.headers = options.headers;
  }

  /** `docsBase`: the origin the caller reaches this server at (http/public-base.ts). */
  toBody(requestId: string, docsBase: string): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        request_id: requestId,
        doc_url: `${docsBase}${ERROR_DOCS_PATH}#${errorAnchor(this.code)}`,
        // Always present (DESIGN.md shows `details: {}`), so clients can read fields off it.
        details: this.details ?? {},
      },
    };
  }
}
