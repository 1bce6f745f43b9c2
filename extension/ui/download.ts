// Saves a support bundle as a JSON file from an extension page.
import type { SupportBundle } from "../bundle/schema";

export function bundleFileName(bundle: SupportBundle): string {
  let host = "page";
  try {
    if (bundle.page) host = new URL(bundle.page.url).hostname;
  } catch {
    // keep the generic name
  }
  return `selgeo-bundle-${host}-${bundle.exportedAt.replace(/[:.]/g, "-")}.json`;
}

export function downloadBundle(bundle: SupportBundle, doc: Document = document): void {
  const blob = new Blob([JSON.stringify(bundle, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = doc.createElement("a");
  link.href = url;
  link.download = bundleFileName(bundle);
  doc.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
