// Builds the support bundle from a session view. Pure: the caller supplies the clock and the
// extension's identity. Every key in it is masked; request ids are kept for support.
import { maskKeysDeep } from "../session/mask";
import type { SessionView } from "../session/view";
import { SUPPORT_BUNDLE_FORMAT, SUPPORT_BUNDLE_VERSION, type SupportBundle } from "./schema";

/** Every X-Request-Id in the view's timeline, oldest first, once each (the doctor reuses it). */
export function requestIdsOf(view: SessionView): string[] {
  const ids: string[] = [];
  for (const { event } of view.timeline) {
    const id = event.kind === "request" || event.kind === "key_check" ? event.requestId : null;
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

export function buildSupportBundle(
  view: SessionView,
  meta: { exportedAt: Date; version: string; userAgent: string },
): SupportBundle {
  const bundle: SupportBundle = {
    format: SUPPORT_BUNDLE_FORMAT,
    version: SUPPORT_BUNDLE_VERSION,
    exportedAt: meta.exportedAt.toISOString(),
    extension: { name: "Selgeo", version: meta.version, userAgent: meta.userAgent },
    page: view.page
      ? { url: view.page.url, startedAt: new Date(view.page.startedAt).toISOString() }
      : null,
    status: view.status,
    findings: view.findings,
    requestIds: requestIdsOf(view),
    pages: view.preserveLog ? view.pages : view.pages.slice(-1),
    timeline: view.timeline,
  };
  return maskKeysDeep(bundle, "all");
}
