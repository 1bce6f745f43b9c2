import { describe, expect, it } from "vitest";
import { snippetNotExecuted } from "../../../../../extension/diagnosis/rules/snippetNotExecuted";
import { healthyWith, snippetRequest, tag, violation } from "../../timeline";

describe("snippetNotExecuted", () => {
  it("fires for a tag that never loaded nor failed (inserted with innerHTML)", () => {
    const o = healthyWith([], {
      without: ["request", "debug_event"],
      snapshot: { tags: [tag({ loadState: "pending" })] },
    });
    expect(snippetNotExecuted(o)).toMatchObject({
      id: "snippet-not-executed",
      severity: "warning",
    });
  });

  it("stays quiet when a specific cause explains it", () => {
    const failing = {
      without: ["request" as const, "debug_event" as const],
      snapshot: { tags: [tag({ loadState: "pending" })] },
    };
    expect(snippetNotExecuted(healthyWith([violation()], failing))).toBeNull();
    expect(snippetNotExecuted(healthyWith([snippetRequest({ status: 404 })], failing))).toBeNull();
  });

  it("stays quiet when the snippet announced itself", () => {
    expect(snippetNotExecuted(healthyWith([]))).toBeNull();
  });
});
