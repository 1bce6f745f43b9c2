import { describe, expect, it } from "vitest";
import { diagnose, diagnoseEntries, RULES } from "../../../../extension/diagnosis/diagnose";
import { findingSchema } from "../../../../extension/diagnosis/finding";
import {
  debug,
  entries,
  healthyEvents,
  healthyWith,
  KEYS,
  keyCheck,
  request,
  snapshot,
  tag,
  violation,
} from "../timeline";

const ids = (o: Parameters<typeof diagnose>[0]) => diagnose(o).map((f) => f.id);

describe("diagnose: rules together", () => {
  it("finds nothing on a healthy page", () => {
    expect(diagnoseEntries(entries(healthyEvents()))).toEqual([]);
  });

  it("reports a CSP block and a wrong key at once, errors first", () => {
    const o = healthyWith([violation(), keyCheck({ valid: false, reason: "UNKNOWN" })], {
      without: ["request", "debug_event", "key_check"],
      snapshot: {
        tags: [tag({ loadState: "error", merchant: `pk_live_${"X".repeat(24)}` })],
        storedClick: { local: null, cookie: null },
      },
    });
    expect(ids(o)).toEqual(["csp-script-src", "invalid-key"]);
  });

  it("reports a secret key in data-merchant without also calling it malformed", () => {
    const o = healthyWith(
      [debug({ type: "key_invalid", reason: "secret", key: KEYS.sk_live_masked })],
      {
        without: ["request", "debug_event", "key_check"],
        snapshot: {
          tags: [tag({ merchant: KEYS.sk_live_masked })],
          storedClick: { local: null, cookie: null },
        },
      },
    );
    expect(ids(o)).toEqual(["secret-key-exposed"]);
  });

  it("reports a test key and a missing ref together, as information", () => {
    const o = healthyWith([keyCheck({ valid: true, mode: "test", merchant: "Acme" })], {
      without: ["request", "debug_event", "key_check"],
      snapshot: {
        url: "http://localhost:3000/",
        tags: [tag({ merchant: KEYS.pk_test })],
        storedClick: { local: null, cookie: null },
      },
    });
    expect(diagnose(o).map((f) => [f.id, f.severity])).toEqual([
      ["test-mode-key", "info"],
      ["no-ref", "info"],
    ]);
  });

  it("reports a rate limit and an undecorated Payment Link of an earlier click", () => {
    const o = healthyWith([request({ status: 429, retryAfter: "30" })], {
      without: ["request"],
      snapshot: {
        stripeLinks: [
          { href: "https://buy.stripe.com/a", clientReferenceId: null, inShadowRoot: false },
        ],
      },
    });
    expect(ids(o).sort()).toEqual(["payment-link-not-decorated", "rate-limited"]);
  });

  it("every finding of every rule fits the shared schema", () => {
    const noisy = healthyWith(
      [violation(), request({ status: 429 }), keyCheck({ valid: false, reason: "REVOKED" })],
      {
        snapshot: snapshot({
          url: "https://shop.example.com/?via=x",
          exposedSecrets: [{ key: KEYS.sk_live_masked, where: "page html" }],
        }),
      },
    );
    for (const finding of diagnose(noisy)) expect(findingSchema.parse(finding)).toEqual(finding);
    expect(RULES.length).toBeGreaterThanOrEqual(16);
  });
});
