// The `selgeo:debug` events (snippet/protocol.ts) as a schema, for the side that receives them.
// A page's own scripts can dispatch the same event name with anything in it, and an older or
// newer snippet may send other shapes: the extension and the doctor keep only events that are
// what this snippet sends, so a rule never reads a field of the wrong type. Kept apart from
// protocol.ts so the snippet's bundle never contains zod; the checks at the end fail the type
// check if the schema and the snippet's type drift apart.
import { z } from "zod";
import type { DebugEvent } from "./protocol";

const keyProblem = z.enum(["missing", "malformed", "secret"]);

export const debugEventSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("loaded"),
    version: z.string(),
    key: z.string().nullable(),
    api: z.string().nullable(),
  }),
  z.object({
    type: z.literal("config_invalid"),
    attribute: z.literal("data-api"),
    value: z.string(),
  }),
  z.object({ type: z.literal("key_invalid"), reason: keyProblem, key: z.string().nullable() }),
  z.object({ type: z.literal("no_ref"), params: z.array(z.string()) }),
  z.object({ type: z.literal("click_reused"), click_id: z.string(), ref: z.string() }),
  z.object({
    type: z.literal("click_kept"),
    click_id: z.string(),
    ref: z.string(),
    ignored_ref: z.string(),
  }),
  z.object({
    type: z.literal("click_recorded"),
    click_id: z.string(),
    ref: z.string(),
    mode: z.string(),
    expires_at: z.string(),
    attribution_model: z.string(),
  }),
  z.object({
    type: z.literal("click_failed"),
    status: z.number().int(),
    code: z.string().optional(),
    ref: z.string(),
  }),
  z.object({
    type: z.literal("rate_limited"),
    retry_after: z.number().nullable(),
    ref: z.string(),
  }),
  z.object({
    type: z.literal("click_queued"),
    ref: z.string(),
    failed_attempts: z.number().int(),
    retry_in: z.number().nullable(),
    withheld: z.string().nullable(),
  }),
  z.object({
    type: z.literal("links_decorated"),
    count: z.number().int(),
    click_id: z.string(),
    kept: z.number().int().optional(),
  }),
]);

/** The event if it is one the snippet sends, with nothing else in it; otherwise null. */
export function parseDebugEvent(value: unknown): DebugEvent | null {
  const parsed = debugEventSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

type Parsed = z.infer<typeof debugEventSchema>;
// Both directions: every schema output is a DebugEvent, and every DebugEvent passes the schema.
const everyParsedIsAnEvent = (event: Parsed): DebugEvent => event;
const everyEventIsParsed = (event: DebugEvent): Parsed => event;
void everyParsedIsAnEvent;
void everyEventIsParsed;
