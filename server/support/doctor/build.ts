// Session view (what the extension recorded and diagnosed for the tab) → the doctor's report.
// Pure: the browser work lives in ./run.ts.
import { requestIdsOf } from "../../../extension/bundle/build";
import { describeEvent } from "../../../extension/session/describe";
import { maskKeysDeep } from "../../../extension/session/mask";
import type { SessionView } from "../../../extension/session/view";
import {
  countFindings,
  DOCTOR_REPORT_FORMAT,
  DOCTOR_REPORT_VERSION,
  type DoctorReport,
  verdict,
} from "./report";

export interface VisitFacts {
  url: string;
  finalUrl: string;
  httpStatus: number | null;
  checkedAt: Date;
  extensionVersion: string;
  /** The session became ready (settled, key checked) before the deadline. */
  complete: boolean;
  /** Requests to private or loopback addresses: allowed (--allow-private) or refused. */
  privateAddresses?: DoctorReport["privateAddresses"];
}

export function buildDoctorReport(view: SessionView, visit: VisitFacts): DoctorReport {
  const requests = view.timeline.flatMap(({ event }) =>
    event.kind === "request"
      ? [
          {
            method: event.method,
            url: event.url,
            status: event.status,
            error: event.error,
            requestId: event.requestId,
            retryAfter: event.retryAfter,
          },
        ]
      : [],
  );
  const report: DoctorReport = {
    format: DOCTOR_REPORT_FORMAT,
    version: DOCTOR_REPORT_VERSION,
    checkedAt: visit.checkedAt.toISOString(),
    url: visit.url,
    finalUrl: visit.finalUrl,
    httpStatus: visit.httpStatus,
    extension: { name: "Selgeo", version: visit.extensionVersion },
    complete: visit.complete,
    privateAddresses: visit.privateAddresses ?? { allowed: false, refused: [] },
    ...verdict(view.findings, visit.complete),
    status: view.status,
    findings: view.findings,
    counts: countFindings(view.findings),
    requests,
    requestIds: requestIdsOf(view),
    timeline: view.timeline.map((entry) => ({
      at: new Date(entry.at).toISOString(),
      kind: entry.event.kind,
      text: describeEvent(entry.event),
    })),
  };
  // The content script already masks secret keys; this keeps any that slipped into a URL or
  // a debug event out of terminals and tickets. Publishable keys are public and stay readable.
  return maskKeysDeep(report, "secret");
}
