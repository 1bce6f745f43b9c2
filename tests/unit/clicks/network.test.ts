// The network a click is counted under: IPv4 address, IPv6 /64, hashed per merchant.
import { describe, expect, it } from "vitest";
import { networkHash, networkOf } from "../../../server/clicks/network";

describe("networkOf", () => {
  it("an IPv4 address is its own network; an IPv4-mapped IPv6 address is its IPv4 address", () => {
    expect(networkOf("198.51.100.7")).toBe("198.51.100.7");
    expect(networkOf("::ffff:198.51.100.7")).toBe("198.51.100.7");
  });

  it("IPv6 addresses of one /64 are one network, however written", () => {
    const network = networkOf("2001:db8:aa:1::1");
    expect(network).toBe("2001:db8:aa:1::/64");
    expect(networkOf("2001:0db8:00aa:0001:ffff:1:2:3")).toBe(network);
    expect(networkOf("2001:DB8:AA:1:0:0:0:9")).toBe(network);
    expect(networkOf("2001:db8:aa:2::1")).not.toBe(network);
    expect(networkOf("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(networkOf("::1")).toBe("0:0:0:0::/64");
  });
});

describe("networkHash", () => {
  it("salted with the merchant, never the address itself", () => {
    const hash = networkHash("mer_1", "2001:db8:aa:1::1");
    expect(hash).toBe(networkHash("mer_1", "2001:db8:aa:1::ffff"));
    expect(hash).not.toBe(networkHash("mer_2", "2001:db8:aa:1::1"));
    expect(hash).not.toContain("2001");
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
  });
});
