import { hash } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";

/**
 * The network a visitor's address belongs to, as the fraud signal counts clicks: an IPv4 address
 * itself, an IPv6 address's /64 (one subscriber's prefix: a device picks new addresses within it
 * at will). An IPv4-mapped IPv6 address is its IPv4 address. Anything else is taken as it is.
 */
export function networkOf(address: string): string {
  const bare = address.trim().toLowerCase();
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return bare;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped) return mapped[1]!;
  const [head = "", tail] = bare.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  // An embedded IPv4 tail counts as two groups; only the first four groups matter here.
  const rightGroups = right.reduce((n, group) => n + (group.includes(".") ? 2 : 1), 0);
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(Math.max(0, 8 - left.length - rightGroups)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}

/**
 * A network as a counter's name: salted with the merchant, as visitor hashes are (visitor.ts), so
 * neither the counter store nor Selgeo's tables ever hold an address.
 */
export function networkHash(merchantId: string, address: string): string {
  return hash("sha256", `${merchantId}\nnetwork\n${networkOf(address)}`, "hex").slice(0, 32);
}
