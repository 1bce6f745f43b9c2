import { describe, expect, it } from "vitest";
import { mayRead } from "../../../../extension/messaging/senders";

const base = "chrome-extension://abcdefghijklmnop/";

describe("mayRead", () => {
  it("answers the extension's own pages", () => {
    expect(mayRead({ url: `${base}devtools-panel.html?tabId=3` }, base)).toBe(true);
    expect(mayRead({ url: `${base}popup.html` }, base)).toBe(true);
  });

  it("refuses content scripts of web pages and senders without a URL", () => {
    expect(mayRead({ url: "https://shop.example/pricing" }, base)).toBe(false);
    expect(mayRead({ url: "chrome-extension://another-extension/page.html" }, base)).toBe(false);
    expect(mayRead({}, base)).toBe(false);
  });
});
