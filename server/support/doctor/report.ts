// The doctor's report: what `selgeo doctor --json` prints, and the one definition of its shape.
// Findings and status are the extension's own (extension/diagnosis), never re-derived here.
import { z } from "zod";
import { type Finding, findingSchema, flattenFindings } from "../../../extension/diagnosis/finding";
import { pageStatusSchema } from "../../../extension/diagnosis/status";

export const DOCTOR_REPORT_FORMAT = "selgeo-doctor-report";
export const DOCTOR_REPORT_VERSION = 1;

/** 0: nothing wrong; 1: at least one error-level finding; 2: the check could not run or finish. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_NOT_RUN = 2;

export const doctorRequestSchema = z.object({
  method: z.string(),
  url: z.string(),
  /** HTTP status, or null when no response came back (see `error`). */
  status: z.number().int().nullable(),
  error: z.string().nullable(),
  /** The response's X-Request-Id: `selgeo audit <id>` follows it. */
  requestId: z.string().nullable(),
  retryAfter: z.string().nullable(),
});

export const doctorReportSchema = z.object({
  format: z.literal(DOCTOR_REPORT_FORMAT),
  version: z.literal(DOCTOR_REPORT_VERSION),
  checkedAt: z.iso.datetime(),
  /** The URL as visited (with `ref` added when --ref was given) and where the page ended up. */
  url: z.string(),
  finalUrl: z.string(),
  httpStatus: z.number().int().nullable(),
  extension: z.object({ name: z.literal("Selgeo"), version: z.string() }),
  /**
   * The extension saw the page settle (and its key checked) before the timeout. When false the
   * findings describe only what was seen so far.
   */
  complete: z.boolean(),
  /**
   * Redirects and sub-requests to private and loopback addresses (other than the page's own
   * host) are refused unless --allow-private was given; the refused URLs, in order.
   */
  privateAddresses: z.object({ allowed: z.boolean(), refused: z.array(z.string()) }),
  result: z.enum(["ok", "problems", "incomplete"]),
  exitCode: z.union([z.literal(EXIT_OK), z.literal(EXIT_FINDINGS), z.literal(EXIT_NOT_RUN)]),
  status: pageStatusSchema,
  findings: z.array(findingSchema),
  counts: z.object({
    error: z.number().int(),
    warning: z.number().int(),
    info: z.number().int(),
  }),
  requests: z.array(doctorRequestSchema),
  /** Every X-Request-Id the page's Selgeo requests got, oldest first. */
  requestIds: z.array(z.string()),
  timeline: z.array(z.object({ at: z.iso.datetime(), kind: z.string(), text: z.string() })),
});
export type DoctorReport = z.infer<typeof doctorReportSchema>;
export type DoctorRequest = z.infer<typeof doctorRequestSchema>;

/** Root causes and their consequences alike: each is something wrong on the page. */
export function countFindings(findings: Finding[]): DoctorReport["counts"] {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of flattenFindings(findings)) counts[finding.severity] += 1;
  return counts;
}

/**
 * Errors found are real even when the page never settled; without any, an unsettled page is a
 * check that did not finish, not a clean bill of health.
 */
export function verdict(
  findings: Finding[],
  complete: boolean,
): Pick<DoctorReport, "result" | "exitCode"> {
  // An error explained by a warning-level root is still an error on the page.
  if (flattenFindings(findings).some((f) => f.severity === "error")) {
    return { result: "problems", exitCode: 1 };
  }
  if (!complete) return { result: "incomplete", exitCode: 2 };
  return { result: "ok", exitCode: 0 };
}
