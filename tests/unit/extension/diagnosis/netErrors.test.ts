// The per-browser network error table and what the rules make of each code: Chrome's net::ERR_*
// and Firefox's NS_* names for the same situation lead to the same finding.
import { describe, expect, it } from "vitest";
import { diagnose } from "../../../../extension/diagnosis/diagnose";
import {
  type Browser,
  droppedByPage,
  failedInNetwork,
  NET_ERROR_CODES,
  type NetErrorMeaning,
  netErrorMeaning,
} from "../../../../extension/diagnosis/netErrors";
import { healthyWith, request, snippetRequest, tag } from "../timeline";

const ids = (o: Parameters<typeof diagnose>[0]) => diagnose(o).map((f) => f.id);

describe("netErrorMeaning", () => {
  it.each<[Browser, string, NetErrorMeaning]>([
    ["chrome", "net::ERR_BLOCKED_BY_CLIENT", "blocked-by-client"],
    ["firefox", "NS_ERROR_ABORT", "blocked-by-client"],
    ["chrome", "net::ERR_ABORTED", "dropped"],
    ["firefox", "NS_BINDING_ABORTED", "dropped"],
    ["chrome", "net::ERR_BLOCKED_BY_ORB", "answer-withheld"],
    ["chrome", "net::ERR_CONNECTION_REFUSED", "unreachable"],
    ["firefox", "NS_ERROR_CONNECTION_REFUSED", "unreachable"],
    ["chrome", "net::ERR_NAME_NOT_RESOLVED", "unreachable"],
    ["firefox", "NS_ERROR_UNKNOWN_HOST", "unreachable"],
  ])("%s %s means %s", (browser, code, meaning) => {
    expect(NET_ERROR_CODES).toContainEqual({ browser, code, meaning });
    expect(netErrorMeaning(code)).toBe(meaning);
  });

  it("reads an unknown code as a failure to get an answer, and no error as none", () => {
    expect(netErrorMeaning("net::ERR_SOMETHING_NEW")).toBe("unreachable");
    expect(netErrorMeaning(null)).toBeNull();
  });

  it("lists each code once", () => {
    const codes = NET_ERROR_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe("droppedByPage and failedInNetwork use the recorded status", () => {
  it("a drop with no answer, or a good one, is the page moving on", () => {
    expect(droppedByPage({ status: null, error: "NS_BINDING_ABORTED" })).toBe(true);
    expect(droppedByPage({ status: 200, error: "net::ERR_ABORTED" })).toBe(true);
  });

  it("a drop after a 404 is the server's 404, not the page moving on", () => {
    expect(droppedByPage({ status: 404, error: "NS_BINDING_ABORTED" })).toBe(false);
    expect(failedInNetwork({ status: 404, error: "NS_BINDING_ABORTED" })).toBe(false);
  });

  it("a withheld answer is a network failure only when its status is unknown", () => {
    expect(failedInNetwork({ status: null, error: "net::ERR_BLOCKED_BY_ORB" })).toBe(true);
    expect(failedInNetwork({ status: 404, error: "net::ERR_BLOCKED_BY_ORB" })).toBe(false);
  });
});

const BLOCKED: Record<Browser, string> = {
  chrome: "net::ERR_BLOCKED_BY_CLIENT",
  firefox: "NS_ERROR_ABORT",
};
/** What each browser reports after refusing to hand a 404 script body to the page. */
const DROPPED_404: Record<Browser, string> = {
  chrome: "net::ERR_BLOCKED_BY_ORB",
  firefox: "NS_BINDING_ABORTED",
};
const REFUSED: Record<Browser, string> = {
  chrome: "net::ERR_CONNECTION_REFUSED",
  firefox: "NS_ERROR_CONNECTION_REFUSED",
};
const TYPO = "https://cdn.selgeo.com/v1/selgoe.js";

describe.each<Browser>(["chrome", "firefox"])("rules in %s", (browser) => {
  it("a snippet blocked by an ad-blocking extension is blocked-by-client, not a typo", () => {
    const o = healthyWith([snippetRequest({ status: null, error: BLOCKED[browser] })], {
      without: ["request", "debug_event"],
      snapshot: { tags: [tag({ loadState: "error" })] },
    });
    expect(ids(o)).toContain("blocked-by-client");
    expect(ids(o)).not.toContain("snippet-url-typo");
  });

  it("a blocked click request is blocked-by-client, not a network error", () => {
    const o = healthyWith([request({ status: null, error: BLOCKED[browser] })], {
      without: ["request"],
    });
    expect(ids(o)).toContain("blocked-by-client");
    expect(ids(o)).not.toContain("network-error");
  });

  it("a snippet URL answered 404, body then dropped, is a typo with the status as evidence", () => {
    const o = healthyWith(
      [
        snippetRequest({
          url: TYPO,
          status: 404,
          error: DROPPED_404[browser],
          requestId: "req_typo404",
        }),
      ],
      {
        without: ["request", "debug_event"],
        snapshot: { tags: [tag({ src: TYPO, loadState: "error" })] },
      },
    );
    const typo = diagnose(o).find((f) => f.id === "snippet-url-typo");
    expect(typo?.cause).toContain("the server answered 404");
    expect(typo?.evidence.join("\n")).toContain("404");
    expect(typo?.evidence.join("\n")).toContain("req_typo404");
    expect(ids(o)).not.toContain("snippet-not-executed");
  });

  it("the same 404 still counts when the tag's error event was not seen", () => {
    const o = healthyWith(
      [snippetRequest({ url: TYPO, status: 404, error: DROPPED_404[browser] })],
      {
        without: ["request", "debug_event"],
        snapshot: { tags: [tag({ src: TYPO, loadState: "pending" })] },
      },
    );
    expect(ids(o)).toContain("snippet-url-typo");
    expect(ids(o)).not.toContain("snippet-not-executed");
  });

  it("an unreachable API is a network error", () => {
    const o = healthyWith([request({ status: null, error: REFUSED[browser] })], {
      without: ["request"],
    });
    expect(ids(o)).toContain("network-error");
  });
});

it("a snippet request the page let go of (Firefox) is no typo: the tag is judged on whether it ran", () => {
  const o = healthyWith([snippetRequest({ status: null, error: "NS_BINDING_ABORTED" })], {
    without: ["request", "debug_event"],
    snapshot: { tags: [tag({ loadState: "pending" })] },
  });
  expect(ids(o)).not.toContain("snippet-url-typo");
  expect(ids(o)).toContain("snippet-not-executed");
});
