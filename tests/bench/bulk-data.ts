// Bulk data shaped like real use, written straight into an SQLite file (the API would take
// hours for a million clicks): merchants of unequal size, 25 partners each (a few pending or
// suspended), clicks over 180 days with busier recent weeks, about 5 % converting, a tenth of
// those refunded, each conversion with its commission (when attributed) and its audit entry.
// The daily aggregates are then filled by the stats migration's own backfill.
import SQLite from "better-sqlite3";
import { randomBase62 } from "../../server/lib/ids";

export interface BulkOptions {
  clicks: number;
  merchants: Array<{
    id: string;
    share: number;
    partners: Array<{ id: string; programId: string; ref: string; status: string }>;
  }>;
  days?: number;
  conversionRate?: number;
  /** The newest click's time (ms); default now. */
  now?: number;
  seed?: number;
}

const DAY_MS = 86_400_000;

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    // xorshift32: fast and good enough to spread data.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** An id whose first characters follow its time, as the service's own ids do. */
function idAt(prefix: string, ms: number): string {
  let time = "";
  // Whole milliseconds: a fraction would index the alphabet with a non-integer.
  let rest = Math.floor(ms);
  for (let i = 0; i < 8; i++) {
    time = base62[rest % 62] + time;
    rest = Math.floor(rest / 62);
  }
  return `${prefix}_${time}${randomBase62(16)}`;
}

export function writeBulkData(path: string, options: BulkOptions): { conversions: number } {
  const next = random(options.seed ?? 7);
  const days = options.days ?? 180;
  const rate = options.conversionRate ?? 0.05;
  const now = options.now ?? Date.now();
  const db = new SQLite(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const insertClick = db.prepare(
    "insert into clicks (id, merchant_id, mode, partner_id, program_id, ref, visitor_hash, url, referrer, created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertConversion = db.prepare(
    "insert into conversions (id, merchant_id, mode, click_id, partner_id, program_id, event_type, external_transaction_id, amount_cents, currency, customer_id, metadata, status, reason, refunded_amount_cents, source, occurred_at, created_at, request_id) values (?, ?, ?, ?, ?, ?, 'purchase', ?, ?, 'EUR', null, null, ?, ?, ?, 'api', ?, ?, ?)",
  );
  const insertCommission = db.prepare(
    "insert into commissions (id, merchant_id, mode, conversion_id, partner_id, program_id, amount_cents, reversed_amount_cents, currency, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, 'EUR', ?, ?, ?)",
  );
  const insertRefund = db.prepare(
    "insert into refunds (id, merchant_id, mode, conversion_id, amount_cents, commission_reversed_cents, external_refund_id, request_id, created_at) values (?, ?, ?, ?, ?, ?, null, ?, ?)",
  );
  const insertAudit = db.prepare(
    "insert into audit_log (id, merchant_id, mode, request_id, created_at, action, decision, reason, click_id, conversion_id, external_transaction_id, stripe_event_id, facts, actor_type, actor_id, actor_label) values (?, ?, ?, ?, ?, 'attribution', ?, ?, ?, ?, ?, null, ?, 'api_key', 'key_bench', 'sk_test_…bnch')",
  );
  const totalShare = options.merchants.reduce((sum, m) => sum + m.share, 0);
  let conversions = 0;
  let written = 0;
  const write = db.transaction((count: number) => {
    for (let n = 0; n < count; n++) {
      const roll = next() * totalShare;
      let reach = 0;
      const merchant =
        options.merchants.find((m) => {
          reach += m.share;
          return roll < reach;
        }) ?? options.merchants[0]!;
      // Partners differ in reach too: the first few bring most clicks.
      const partner = merchant.partners[Math.floor(merchant.partners.length * next() ** 2)]!;
      // Recent weeks busier than older ones.
      const age = days * DAY_MS * next() ** 1.6;
      const at = now - age;
      const created = new Date(at).toISOString();
      const mode = next() < 0.9 ? "live" : "test";
      const clickId = idAt("clk", at);
      insertClick.run(
        clickId,
        merchant.id,
        mode,
        partner.id,
        partner.programId,
        partner.ref,
        randomBase62(32),
        `https://shop.example/products/${Math.floor(next() * 400)}?ref=${partner.ref}`,
        next() < 0.6 ? "https://social.example/" : null,
        created,
        new Date(at + 30 * DAY_MS).toISOString(),
      );
      written++;
      if (next() >= rate) continue;
      conversions++;
      const convAt = Math.min(now, at + next() * 5 * DAY_MS);
      const convCreated = new Date(convAt).toISOString();
      const attributed = partner.status === "approved";
      const reason = attributed ? "ATTRIBUTED" : "PARTNER_NOT_APPROVED";
      const amount = [2900, 4900, 9900, 19900][Math.floor(next() * 4)]!;
      const conversionId = idAt("conv", convAt);
      const requestId = idAt("req", convAt);
      const refunded = next() < 0.1 ? amount : 0;
      insertConversion.run(
        conversionId,
        merchant.id,
        mode,
        clickId,
        partner.id,
        partner.programId,
        `txn_${conversionId.slice(5)}`,
        amount,
        attributed ? "attributed" : "unattributed",
        reason,
        refunded,
        convCreated,
        convCreated,
        requestId,
      );
      if (attributed) {
        const commission = Math.round(amount * 0.2);
        insertCommission.run(
          idAt("com", convAt),
          merchant.id,
          mode,
          conversionId,
          partner.id,
          partner.programId,
          commission,
          refunded ? commission : 0,
          refunded ? "reversed" : "pending",
          convCreated,
          convCreated,
        );
        if (refunded) {
          insertRefund.run(
            idAt("rfd", convAt),
            merchant.id,
            mode,
            conversionId,
            amount,
            commission,
            requestId,
            convCreated,
          );
        }
      }
      insertAudit.run(
        idAt("aud", convAt),
        merchant.id,
        mode,
        requestId,
        convCreated,
        attributed ? "attributed" : "unattributed",
        reason,
        clickId,
        conversionId,
        `txn_${conversionId.slice(5)}`,
        JSON.stringify({
          click_id: clickId,
          occurred_at: convCreated,
          partner_status: partner.status,
        }),
      );
    }
  });
  const CHUNK = 50_000;
  while (written < options.clicks) write(Math.min(CHUNK, options.clicks - written));
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.exec("analyze");
  db.close();
  return { conversions };
}
