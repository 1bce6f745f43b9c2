// The support bundle: the JSON a merchant exports from the panel and `selgeo bundle` reads.
// This zod schema is the one definition of its shape; bump `version` on any breaking change.
import { z } from "zod";
import { findingSchema } from "../diagnosis/finding";
import { pageStatusSchema } from "../diagnosis/status";
import { pageSchema, timelineEntrySchema } from "../session/events";

export const SUPPORT_BUNDLE_FORMAT = "selgeo-support-bundle";
export const SUPPORT_BUNDLE_VERSION = 1;

export const supportBundleSchema = z.object({
  format: z.literal(SUPPORT_BUNDLE_FORMAT),
  version: z.literal(SUPPORT_BUNDLE_VERSION),
  exportedAt: z.iso.datetime(),
  extension: z.object({ name: z.literal("Selgeo"), version: z.string(), userAgent: z.string() }),
  /** The diagnosed page: findings and status are about it. */
  page: z.object({ url: z.string(), startedAt: z.iso.datetime() }).nullable(),
  status: pageStatusSchema,
  findings: z.array(findingSchema),
  /** Every X-Request-Id the page's Selgeo requests got, oldest first, for audit look-ups. */
  requestIds: z.array(z.string()),
  /** All pages of the tab when the panel's "Preserve log" was on, else the current one. */
  pages: z.array(pageSchema),
  timeline: z.array(timelineEntrySchema),
});
export type SupportBundle = z.infer<typeof supportBundleSchema>;

/** Parses a bundle read from disk; throws a zod error naming each bad field. */
export function parseSupportBundle(json: unknown): SupportBundle {
  return supportBundleSchema.parse(json);
}
