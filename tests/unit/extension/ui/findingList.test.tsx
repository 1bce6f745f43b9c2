// The findings list renders root causes with their consequences nested under them, and turns
// ids in evidence into audit-log links.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { COMPLETE_POLICY_INTRO } from "../../../../extension/diagnosis/cspFixText";
import type { Finding } from "../../../../extension/diagnosis/finding";
import { FindingList } from "../../../../extension/ui/FindingList";

const base: Omit<Finding, "id" | "cause"> = {
  severity: "error",
  section: "Snippet not loading",
  symptom: "The snippet does not run.",
  fix: `Change one line of your Content-Security-Policy:\n  script-src 'self'  →  script-src 'self' https://cdn.selgeo.com\n${COMPLETE_POLICY_INTRO}\nContent-Security-Policy: default-src 'self'; script-src 'self' https://cdn.selgeo.com`,
  evidence: [],
  consequences: [],
};

describe("FindingList", () => {
  it("nests consequences under their root cause, not beside it", () => {
    const root: Finding = {
      ...base,
      id: "csp-script-src",
      cause: "CSP blocks the snippet.",
      evidence: [
        "Page policy: script-src 'self'",
        "GET https://api.x/api/v1/clicks → 429 (X-Request-Id req_9)",
      ],
      consequences: [{ ...base, id: "payment-link-not-decorated", cause: "Links not decorated." }],
    };
    const html = renderToStaticMarkup(
      <FindingList findings={[root]} settled={true} apiBase="https://api.x" />,
    );
    // Static markup: the consequence's <li> opens inside the root's before the root's closes.
    expect(html.match(/data-testid="finding"/g)).toHaveLength(1);
    const rootAt = html.indexOf('data-testid="finding" data-finding-id="csp-script-src"');
    const nestedAt = html.indexOf(
      'data-testid="consequence" data-finding-id="payment-link-not-decorated" data-severity="error" data-root-id="csp-script-src"',
    );
    expect(rootAt).toBeGreaterThanOrEqual(0);
    expect(nestedAt).toBeGreaterThan(rootAt);
    expect(html.lastIndexOf("</li></ol>")).toBeGreaterThan(nestedAt);
    expect(html).toContain('href="https://api.x/dashboard/audit?q=req_9"');
    const copies = [...html.matchAll(/data-copy-text="([^"]*)"/g)].map((m) =>
      m[1]?.replaceAll("&#x27;", "'").replaceAll("&#39;", "'"),
    );
    expect(copies).toContain("script-src 'self'");
    expect(copies).toContain("default-src 'self'; script-src 'self' https://cdn.selgeo.com");
    expect(copies).toContain("req_9");
  });

  it("names the two copy buttons of a CSP fix by what each copies: the change, the whole policy", () => {
    const finding: Finding = { ...base, id: "csp-script-src", cause: "CSP blocks the snippet." };
    const html = renderToStaticMarkup(
      <FindingList findings={[finding]} settled={true} apiBase={null} />,
    );
    const buttons = [
      ...html.matchAll(
        /<button[^>]*aria-label="([^"]*)"[^>]*data-copy-text="([^"]*)"[^>]*>([^<]*)</g,
      ),
    ].map(([, name, text, visible]) => ({
      name,
      visible,
      text: text?.replaceAll("&#x27;", "'").replaceAll("&#39;", "'"),
    }));
    expect(buttons).toEqual([
      {
        name: "Copy change",
        visible: "Copy change",
        text: "Change one line of your Content-Security-Policy:\n  script-src 'self'  →  script-src 'self' https://cdn.selgeo.com",
      },
      {
        name: "Copy whole policy",
        visible: "Copy whole policy",
        text: "default-src 'self'; script-src 'self' https://cdn.selgeo.com",
      },
    ]);
  });

  it("keeps one copy button for a fix without a policy", () => {
    const finding: Finding = { ...base, id: "no-ref", cause: "No ref.", fix: "Add ?ref=…" };
    const html = renderToStaticMarkup(
      <FindingList findings={[finding]} settled={true} apiBase={null} />,
    );
    expect(html.match(/data-testid="copy"/g)).toHaveLength(1);
    expect(html).toContain('aria-label="Copy the fix for no-ref"');
  });
});
