import { describe, expect, it } from "vitest";
import { diagnose, findDrafts } from "../../../../extension/diagnosis/diagnose";
import { findingSchema, flattenFindings } from "../../../../extension/diagnosis/finding";
import { pageStatus } from "../../../../extension/diagnosis/status";
import { debug, healthyWith, KEYS, request, tag, violation } from "../timeline";

const bareLink = { href: "https://buy.stripe.com/a", clientReferenceId: null, inShadowRoot: false };
const tree = (o: Parameters<typeof diagnose>[0]) =>
  diagnose(o).map((f) => [f.id, f.consequences.map((c) => c.id)]);

/** A returning visitor (click id stored earlier) on a page whose CSP blocks the snippet. */
function returningVisitorBlockedByCsp() {
  return healthyWith([violation()], {
    without: ["request", "debug_event"],
    snapshot: { tags: [tag({ loadState: "error" })], stripeLinks: [bareLink] },
  });
}

describe("diagnose: root causes first", () => {
  it("a snippet blocked by CSP explains the undecorated Payment Link (no peer)", () => {
    const o = returningVisitorBlockedByCsp();
    // Both rules fire on their own…
    expect(
      findDrafts(o)
        .map((f) => f.id)
        .sort(),
    ).toEqual(["csp-script-src", "payment-link-not-decorated"]);
    // …but only the root is reported, with the link under it.
    expect(tree(o)).toEqual([["csp-script-src", ["payment-link-not-decorated"]]]);
  });

  it("a consequence's fix never asks for the snippet that never ran", () => {
    const [root] = diagnose(returningVisitorBlockedByCsp());
    const link = root?.consequences[0];
    expect(link?.fix).not.toMatch(/getClickId/);
    expect(link?.fix).toMatch(/cause above/);
    expect(link?.cause).toMatch(/never ran/);
    expect(link?.cause).toContain("csp-script-src");
    // The evidence is kept: support still sees which links.
    expect(link?.evidence).toContain("https://buy.stripe.com/a");
  });

  it("snippet never ran with a ref: no click is a consequence, not a cause", () => {
    const o = healthyWith([violation()], {
      without: ["request", "debug_event"],
      snapshot: {
        tags: [tag({ loadState: "error" })],
        storedClick: { local: null, cookie: null },
      },
    });
    expect(tree(o)).toEqual([["csp-script-src", ["click-not-recorded"]]]);
  });

  it("CSP blocking the API explains the click that was not recorded", () => {
    const o = healthyWith(
      [
        violation({
          blockedUrl: "https://api.selgeo.com/api/v1/clicks",
          effectiveDirective: "connect-src",
          violatedDirective: "connect-src",
          originalPolicy: "default-src 'self'; script-src 'self' https://cdn.selgeo.com",
        }),
        debug({ type: "loaded", version: "1", key: KEYS.pk_live, api: "https://api.selgeo.com" }),
        debug({ type: "click_failed", status: 0, ref: "demo" }),
      ],
      {
        without: ["request", "debug_event"],
        snapshot: { storedClick: { local: null, cookie: null } },
      },
    );
    expect(tree(o)).toEqual([["csp-connect-src", ["click-not-recorded"]]]);
  });

  it("a rate limit explains the missing click; a decorated stored click is not its consequence", () => {
    const o = healthyWith([request({ status: 429, retryAfter: "30" })], {
      without: ["request", "debug_event"],
      snapshot: { storedClick: { local: null, cookie: null } },
    });
    expect(tree(o)).toEqual([["rate-limited", ["click-not-recorded"]]]);
  });

  it("a Payment Link left bare while the snippet ran is its own cause", () => {
    const o = healthyWith([], { snapshot: { stripeLinks: [bareLink] } });
    expect(tree(o)).toEqual([["payment-link-not-decorated", []]]);
    expect(diagnose(o)[0]?.fix).toMatch(/getClickId/);
  });

  it("a malformed key (the snippet stands down) explains the undecorated links of an earlier click", () => {
    const o = healthyWith([debug({ type: "key_invalid", reason: "malformed", key: "pk_nope" })], {
      without: ["request", "debug_event", "key_check"],
      snapshot: { tags: [tag({ merchant: "pk_nope" })], stripeLinks: [bareLink] },
    });
    expect(tree(o)).toEqual([["invalid-key", ["payment-link-not-decorated"]]]);
  });

  it("unrelated findings stay peers (a test key beside a missing ref)", () => {
    const o = healthyWith([], {
      without: ["request", "debug_event", "key_check"],
      snapshot: {
        url: "https://shop.example.com/",
        tags: [tag({ merchant: KEYS.pk_test })],
        storedClick: { local: null, cookie: null },
      },
    });
    expect(
      tree(o)
        .map(([id]) => id)
        .sort(),
    ).toEqual(["no-ref", "test-mode-key"]);
  });

  it("a warning root ranks by the error it explains; health counts the consequence", () => {
    // The tag is present, nothing blocked, but the snippet never ran (inserted with innerHTML).
    const o = healthyWith([], {
      without: ["request", "debug_event"],
      snapshot: { tags: [tag({ loadState: "pending" })], stripeLinks: [bareLink] },
    });
    const findings = diagnose(o);
    expect(tree(o)).toEqual([["snippet-not-executed", ["payment-link-not-decorated"]]]);
    expect(findings[0]?.severity).toBe("warning");
    expect(pageStatus(o, findings).health).toBe("error");
  });

  it("every finding and consequence fits the shared schema; old flat findings still parse", () => {
    const findings = diagnose(returningVisitorBlockedByCsp());
    for (const f of flattenFindings(findings)) expect(findingSchema.parse(f)).toEqual(f);
    const { consequences: _, ...flat } = findings[0] ?? { consequences: [] };
    expect(findingSchema.parse(flat)).toMatchObject({ consequences: [] });
  });
});
