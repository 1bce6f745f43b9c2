import { describe, expect, it } from "vitest";
import { blockedByClient } from "../../../../../extension/diagnosis/rules/blockedByClient";
import { healthyWith, request, snippetRequest, tag } from "../../timeline";

describe("blockedByClient", () => {
  it("fires when an extension cancelled the snippet file", () => {
    const o = healthyWith([snippetRequest({ status: null, error: "net::ERR_BLOCKED_BY_CLIENT" })], {
      without: ["request", "debug_event"],
      snapshot: { tags: [tag({ loadState: "error" })] },
    });
    const finding = blockedByClient(o);
    expect(finding).toMatchObject({ id: "blocked-by-client", severity: "error" });
    expect(finding && !Array.isArray(finding) && finding.fix).toContain(
      "incognito window with extensions disabled",
    );
  });

  it("fires when only the click request was blocked", () => {
    const o = healthyWith(
      [
        snippetRequest(),
        request({ status: null, error: "net::ERR_BLOCKED_BY_CLIENT", requestId: null }),
      ],
      {
        without: ["request"],
      },
    );
    expect(blockedByClient(o)).toMatchObject({ id: "blocked-by-client" });
  });

  it("stays quiet for other network errors", () => {
    const o = healthyWith(
      [snippetRequest(), request({ status: null, error: "net::ERR_CONNECTION_REFUSED" })],
      { without: ["request"] },
    );
    expect(blockedByClient(o)).toBeNull();
  });
});
