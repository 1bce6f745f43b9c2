// Marionette's framing: `<byte length>:<JSON>`, split across TCP chunks however the socket likes.
import { describe, expect, it } from "vitest";
import { encodeMessage, MessageReader } from "../../support/marionette";

describe("Marionette framing", () => {
  it("round-trips messages, lengths counted in bytes (not characters)", () => {
    const message = [1, 7, null, { value: "café → ü" }];
    const encoded = encodeMessage(message);
    expect(
      encoded.toString("utf8").startsWith(`${Buffer.byteLength(JSON.stringify(message))}:`),
    ).toBe(true);
    expect(new MessageReader().push(encoded)).toEqual([message]);
  });

  it("waits for the rest of a message split across chunks, and reads two in one chunk", () => {
    const a = encodeMessage([1, 1, null, { value: "é".repeat(10) }]);
    const b = encodeMessage([1, 2, null, {}]);
    const reader = new MessageReader();
    expect(reader.push(a.subarray(0, 3))).toEqual([]);
    expect(reader.push(a.subarray(3, a.length - 1))).toEqual([]);
    expect(reader.push(Buffer.concat([a.subarray(a.length - 1), b]))).toEqual([
      [1, 1, null, { value: "é".repeat(10) }],
      [1, 2, null, {}],
    ]);
  });

  it("rejects a stream that is not Marionette's", () => {
    expect(() => new MessageReader().push(Buffer.from("HTTP/1.1 400 Bad:"))).toThrow(
      /bad message length/,
    );
  });
});
