// Where audit entries are read from: the service's own database (support on the server, every
// merchant and both modes) or the HTTP API with a merchant's secret key (one merchant, the key's
// mode). Both answer in the API's shapes, so the output never depends on the source.
import type { Kysely } from "kysely";
import { presentAuditEntry } from "../../audit/present";
import { presentClick } from "../../clicks/present";
import { parseKey } from "../../contract/key-format";
import type { AuditEntryObject } from "../../contract/schemas/audit";
import type { ClickObject } from "../../contract/schemas/clicks";
import type { Database } from "../../store/schema";
import { type AuditField, FIELD_NAMES } from "./lookup";

/** An audit entry; `merchant_id` is known only when read from the database. */
export type TrailEntry = AuditEntryObject & { merchant_id: string | null };
export type TrailClick = ClickObject & { merchant_id: string | null };

export interface AuditSource {
  /** "the database file:…" / "the API http://… (test mode)": said when nothing is found. */
  readonly label: string;
  /** Oldest first: a trail reads in the order things happened. */
  entries(field: AuditField, value: string): Promise<TrailEntry[]>;
  click(id: string): Promise<TrailClick | null>;
}

/** The source could not answer (API down, key refused): exit code 2, not "not found". */
export class AuditSourceError extends Error {
  override name = "AuditSourceError";
}

/** Far more than any real trail; a bound keeps a runaway query from flooding a terminal. */
const MAX_ENTRIES = 1000;

function chronological(a: TrailEntry, b: TrailEntry): number {
  return a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id);
}

/**
 * The database's audit log: every merchant's, or only `merchantId`'s when the ids looked up come
 * from outside (a merchant's support bundle must not reveal another merchant's data).
 */
export function databaseAuditSource(
  db: Kysely<Database>,
  label: string,
  merchantId?: string,
): AuditSource {
  return {
    label,
    async entries(field, value) {
      let query = db.selectFrom("audit_log").selectAll().where(field, "=", value);
      if (merchantId !== undefined) query = query.where("merchant_id", "=", merchantId);
      const rows = await query
        .orderBy("created_at", "asc")
        .orderBy("id", "asc")
        .limit(MAX_ENTRIES)
        .execute();
      return rows.map((row) => ({ ...presentAuditEntry(row), merchant_id: row.merchant_id }));
    },
    async click(id) {
      let query = db.selectFrom("clicks").selectAll().where("id", "=", id);
      if (merchantId !== undefined) query = query.where("merchant_id", "=", merchantId);
      const row = await query.executeTakeFirst();
      return row ? { ...presentClick(row), merchant_id: row.merchant_id } : null;
    },
  };
}

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** The API filters the audit log by these; Stripe event ids are found only in the database. */
const API_FIELDS: readonly AuditField[] = [
  "click_id",
  "conversion_id",
  "request_id",
  "external_transaction_id",
];

export function apiAuditSource(baseUrl: string, secretKey: string, fetchImpl: Fetch = fetch) {
  const base = baseUrl.replace(/\/+$/, "");
  const parsed = parseKey(secretKey);
  if (parsed?.kind !== "sk") {
    throw new AuditSourceError("--key must be a secret key (sk_test_… or sk_live_…).");
  }
  const { mode } = parsed;

  async function get(path: string): Promise<{ status: number; body: unknown }> {
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, {
        headers: { Authorization: `Bearer ${secretKey}`, Accept: "application/json" },
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new AuditSourceError(
        `Cannot reach the API at ${base}${cause ? ` (${cause})` : ""}: check --api.`,
      );
    }
    const body: unknown = await response.json().catch(() => null);
    if (response.status === 401) {
      const message = (body as { error?: { message?: string } } | null)?.error?.message;
      throw new AuditSourceError(
        `The API refused the key: ${message ?? "401"} Use the merchant's secret key (sk_test_… or sk_live_…).`,
      );
    }
    // 400 and 404 are answers about the id (malformed, unknown): the caller decides.
    if (response.status >= 400 && response.status !== 400 && response.status !== 404) {
      const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
      throw new AuditSourceError(
        `The API answered ${response.status}${error ? ` ${error.code}: ${error.message}` : ""}.`,
      );
    }
    return { status: response.status, body };
  }

  const source: AuditSource = {
    label: `the API ${base} (${mode} mode of the key's merchant)`,
    async entries(field, value) {
      if (!API_FIELDS.includes(field)) {
        throw new AuditSourceError(
          `The API does not look audit entries up by ${FIELD_NAMES[field]}; run selgeo audit where DATABASE_URL reaches the service's database.`,
        );
      }
      const found: TrailEntry[] = [];
      let after: string | undefined;
      do {
        const query = new URLSearchParams({ [field]: value, limit: "100" });
        if (after) query.set("starting_after", after);
        const { status, body } = await get(`/api/v1/audit-log?${query}`);
        if (status !== 200) return [];
        const page = body as { data: AuditEntryObject[]; has_more: boolean };
        found.push(...page.data.map((entry) => ({ ...entry, merchant_id: null })));
        after = page.has_more ? page.data.at(-1)?.id : undefined;
      } while (after && found.length < MAX_ENTRIES);
      return found.sort(chronological);
    },
    async click(id) {
      const { status, body } = await get(`/api/v1/clicks/${encodeURIComponent(id)}`);
      return status === 200 ? { ...(body as ClickObject), merchant_id: null } : null;
    },
  };
  return source;
}

/** Every entry matching any of `fields`, each once, oldest first. */
export async function findTrail(
  source: AuditSource,
  fields: AuditField[],
  value: string,
): Promise<TrailEntry[]> {
  const byId = new Map<string, TrailEntry>();
  for (const field of fields) {
    for (const entry of await source.entries(field, value)) byId.set(entry.id, entry);
  }
  return [...byId.values()].sort(chronological);
}
