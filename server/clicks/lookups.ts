// What every click needs before it can be written — the publishable key's merchant and the
// ref's partner and program — changes rarely and is read on every click. Both are cached for a
// few seconds, so the hot path does one query (the visitor's recent click) and one grouped
// insert. Writes in this process invalidate at once; other processes see a change within the
// TTL (a revoked publishable key stops recording clicks within LOOKUP_TTL_MS).
import { LRUCache } from "lru-cache";
import { authenticateKey, type KeyVerdict } from "../keys/authenticate";
import { findPartnerForClick, type PartnerForClick } from "../partners/repository";
import type { Store } from "../store/connect";
import { merchantScoped } from "../store/tenant";

export const LOOKUP_TTL_MS = 5_000;

export class ClickLookups {
  readonly #db: Store["db"];
  readonly #keys: LRUCache<string, KeyVerdict>;
  readonly #partners: LRUCache<string, PartnerForClick>;

  constructor(db: Store["db"], ttlMs = LOOKUP_TTL_MS) {
    this.#db = db;
    // Refused keys are cached too, so a flood of one bad key costs one query per TTL; keys are
    // random, so none can be refused before it exists. Refs are cached only when found: a
    // partner created a moment ago must work at once.
    this.#keys = new LRUCache({ max: 10_000, ttl: Math.max(1, ttlMs) });
    this.#partners = new LRUCache({ max: 50_000, ttl: Math.max(1, ttlMs) });
  }

  async publishableKey(presented: string): Promise<KeyVerdict> {
    const cached = this.#keys.get(presented);
    if (cached) return cached;
    const verdict = await authenticateKey(this.#db, presented);
    if (verdict.ok || verdict.reason !== "MALFORMED") this.#keys.set(presented, verdict);
    return verdict;
  }

  async partner(merchantId: string, ref: string): Promise<PartnerForClick | undefined> {
    const cacheKey = `${merchantId}\n${ref}`;
    const cached = this.#partners.get(cacheKey);
    if (cached) return cached;
    const found = await findPartnerForClick(merchantScoped(this.#db, merchantId), ref);
    if (found) this.#partners.set(cacheKey, found);
    return found;
  }

  /** After a change to a merchant's settings, programs, partners or keys. */
  invalidateMerchant(merchantId: string): void {
    for (const [key, verdict] of this.#keys.entries()) {
      if (verdict.ok && verdict.merchant.id === merchantId) this.#keys.delete(key);
    }
    for (const key of this.#partners.keys()) {
      if (key.startsWith(`${merchantId}\n`)) this.#partners.delete(key);
    }
  }
}
