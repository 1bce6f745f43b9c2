import { describe, expect, it } from "vitest";
import { checkKey } from "../../../../extension/recorder/keyCheck";

const KEY = `pk_live_${"A".repeat(24)}`;

describe("checkKey", () => {
  it("asks keys/check on the page's API origin and keeps the request id", async () => {
    let asked = "";
    const check = await checkKey(
      async (url) => {
        asked = url;
        return new Response(JSON.stringify({ valid: false, reason: "REVOKED" }), {
          headers: { "X-Request-Id": "req_k" },
        });
      },
      "http://api.selgeo.test:8787",
      KEY,
    );
    expect(asked).toBe(`http://api.selgeo.test:8787/api/v1/keys/check?key=${KEY}`);
    expect(check).toMatchObject({
      result: { valid: false, reason: "REVOKED" },
      requestId: "req_k",
      error: null,
    });
  });

  it("reports an unreachable API as an error, not as a verdict", async () => {
    const check = await checkKey(
      async () => {
        throw new TypeError("Failed to fetch");
      },
      "https://api.selgeo.com",
      KEY,
    );
    expect(check).toMatchObject({ result: null, error: "Failed to fetch" });
  });

  it("reports an answer of another shape as an error", async () => {
    const check = await checkKey(
      async () => new Response("<html>", { status: 502 }),
      "https://api.selgeo.com",
      KEY,
    );
    expect(check.error).toContain("HTTP 502");
  });
});
