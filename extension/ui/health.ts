// The panel's and popup's one-sentence verdict: healthy, or the root cause of what is wrong.
// Pure, so the header, the popup and their tests agree on the words.
import type { Finding } from "../diagnosis/finding";
import type { PageStatus } from "../diagnosis/status";

export type Tone = "ok" | "warning" | "error" | "none" | "pending";

export interface HealthSummary {
  tone: Tone;
  /** One sentence a merchant can act on. */
  sentence: string;
  /** The finding the sentence names; the rest of the root causes follow it in the list. */
  root: Finding | null;
  /** Root causes beyond `root`. */
  otherRoots: number;
}

/** The first sentence of a cause: the header has room for one. */
function firstSentence(text: string): string {
  const match = /^.*?[.!?](?=\s|$)/s.exec(text.trim());
  return (match ? match[0] : text).trim();
}

export function healthSummary(status: PageStatus, findings: Finding[]): HealthSummary {
  const root = findings.find((f) => f.severity !== "info") ?? null;
  const otherRoots = root ? findings.filter((f) => f !== root && f.severity !== "info").length : 0;
  if (status.health === null) {
    // A page without Selgeo: the `snippet-missing` finding, if any, is the whole story.
    const missing = findings.find((f) => f.id === "snippet-missing");
    return {
      tone: status.settled ? "none" : "pending",
      sentence: !status.settled
        ? "Watching the page…"
        : missing
          ? "No Selgeo snippet on this page: no click can be recorded here."
          : "No Selgeo snippet or request seen on this page.",
      root: missing ?? null,
      otherRoots: 0,
    };
  }
  if (!root) {
    if (!status.settled)
      return { tone: "pending", sentence: "Watching the page…", root: null, otherRoots: 0 };
    const click = status.clickId ? `; click ${status.clickId} is stored` : "";
    return {
      tone: "ok",
      sentence: `Healthy: the Selgeo snippet loaded with a valid ${status.key} key${click}.`,
      root: null,
      otherRoots: 0,
    };
  }
  const more = otherRoots > 0 ? ` (+${otherRoots} more)` : "";
  const lead = root.severity === "error" ? "Not working" : "Needs attention";
  return {
    tone: root.severity === "error" ? "error" : "warning",
    sentence: `${lead}: ${firstSentence(root.cause)}${more}`,
    root,
    otherRoots,
  };
}
