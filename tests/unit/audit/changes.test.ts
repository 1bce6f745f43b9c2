import { describe, expect, it } from "vitest";
import { changedFields, describeChange } from "../../../server/audit/changes";

const partner = {
  id: "prt_1",
  object: "partner",
  name: "Ana",
  email: null,
  status: "pending",
  updated_at: "2026-01-01T00:00:00.000Z",
};

describe("management changes as audit entries", () => {
  it("lists only the fields that changed, from → to, ignoring updated_at", () => {
    expect(
      changedFields(partner, {
        ...partner,
        status: "approved",
        updated_at: "2026-02-01T00:00:00.000Z",
      }),
    ).toEqual({ status: { from: "pending", to: "approved" } });
  });

  it("records a partner's approval as its status change", () => {
    expect(
      describeChange({
        resource: "partner",
        before: partner,
        after: { ...partner, status: "approved" },
      }),
    ).toEqual({
      action: "partner",
      decision: "approved",
      reason: "PARTNER_STATUS_CHANGED",
      facts: { partner_id: "prt_1", changes: { status: { from: "pending", to: "approved" } } },
    });
  });

  it("records other edits, creations, and nothing when nothing changed", () => {
    expect(
      describeChange({
        resource: "partner",
        before: partner,
        after: { ...partner, name: "Ana B." },
      })?.reason,
    ).toBe("PARTNER_UPDATED");
    expect(
      describeChange({ resource: "program", before: undefined, after: { id: "prg_1" } }),
    ).toMatchObject({
      decision: "created",
      reason: "PROGRAM_CREATED",
    });
    expect(
      describeChange({ resource: "partner", before: partner, after: partner }),
    ).toBeUndefined();
  });

  it("never keeps a Stripe secret, only its mask", () => {
    expect(
      describeChange({
        resource: "stripe_integration",
        before: undefined,
        after: { mode: "live", webhook_secret: "whsec_…abcd", webhook_url: "https://x" },
      })?.facts,
    ).toEqual({ mode: "live", webhook_secret: "whsec_…abcd" });
  });
});
