export declare const SIGNATURE_HEADER: "Selgeo-Signature";
export declare const DEFAULT_TOLERANCE_SECONDS: number;

export declare class WebhookSignatureError extends Error {}

/** The `Selgeo-Signature` value for `payload` sent at `timestamp` (Unix seconds). */
export declare function signWebhookPayload(
  secret: string,
  payload: string,
  timestamp: number,
): string;

export interface VerifyOptions {
  /** Seconds a signature's timestamp may be from now (default 300; 0 turns the check off). */
  toleranceSeconds?: number;
  /** Now, in Unix seconds (tests). */
  now?: number;
}

export interface SelgeoEvent<T = Record<string, unknown>> {
  id: string;
  object: "event";
  type: string;
  mode: "test" | "live";
  created_at: string;
  data: { object: T };
}

/** Checks a delivery's signature against the raw body and answers the event; throws WebhookSignatureError. */
export declare function verifyWebhook<T = Record<string, unknown>>(
  payload: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  options?: VerifyOptions,
): SelgeoEvent<T>;
