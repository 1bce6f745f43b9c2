// The demo merchant `npm start` prepares on first run: a program, an approved partner with ref
// `demo`, a dashboard user, and keys kept in a file beside the database (secret keys and
// passwords are only stored hashed, and the demo page's "buy" button needs the test secret key
// every time the server starts).
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Kysely } from "kysely";
import { rotateKey } from "../keys/rotate";
import type { Clock } from "../lib/clock";
import { randomBase62 } from "../lib/ids";
import { createMerchant, type MerchantKeys } from "../merchants/create";
import { insertPartner } from "../partners/repository";
import { insertProgram } from "../programs/repository";
import type { Database } from "../store/schema";
import { merchantScoped } from "../store/tenant";
import { createUser, deleteUser, findUserByEmail } from "../users/repository";

/** The demo runs in test mode: its live keys exist (hashed) but are never written or shown. */
export type DemoKeys = Pick<MerchantKeys, "pk_test" | "sk_test">;

export interface DemoMerchant {
  merchant_id: string;
  keys: DemoKeys;
  partner_ref: string;
  /** The dashboard user, with its password (stored hashed: the file is how it is shown again). */
  user?: { email: string; password: string };
}

export const DEMO_USER_EMAIL = "demo@example.com";

export const DEMO_MERCHANT_NAME = "Demo Shop";

export async function ensureDemoMerchant(
  db: Kysely<Database>,
  clock: Clock,
  keysFile: string,
): Promise<DemoMerchant> {
  const saved = existsSync(keysFile)
    ? (JSON.parse(readFileSync(keysFile, "utf8")) as DemoMerchant)
    : undefined;
  if (saved) {
    const merchant = await db
      .selectFrom("merchants")
      .select("id")
      .where("id", "=", saved.merchant_id)
      .executeTakeFirst();
    // Files written before the demo dropped its live keys still hold them: rewrite without.
    const { pk_test, sk_test } = saved.keys;
    const hadLive = Object.keys(saved.keys).length > 2;
    const demo = { ...saved, keys: { pk_test, sk_test } };
    if (merchant) return withDemoUser(db, clock, keysFile, demo, { changed: hadLive });
  }

  const existing = await db
    .selectFrom("merchants")
    .select("id")
    .where("name", "=", DEMO_MERCHANT_NAME)
    .executeTakeFirst();
  let demo: DemoMerchant;
  if (existing) {
    // The keys file was lost: the secret keys cannot be recovered, so issue new ones.
    const keys = {} as DemoKeys;
    for (const slot of ["pk_test", "sk_test"] as const) {
      const [kind, mode] = slot.split("_") as ["pk" | "sk", "test" | "live"];
      keys[slot] = (await rotateKey(db, clock, existing.id, kind, mode)).key;
    }
    demo = { merchant_id: existing.id, keys, partner_ref: "demo" };
  } else {
    const created = await createMerchant(db, clock, DEMO_MERCHANT_NAME);
    const tenant = merchantScoped(db, created.merchant_id);
    const program = await insertProgram(tenant, clock, {
      name: "Demo affiliate program",
      attribution_window_days: 30,
      commission: { type: "percent", percent: 20 },
      recurring_months: 12,
      attribution_model: "last_click",
      // The demo's "Buy" reports the sale a moment after the referred visit; the fraud signal for
      // conversions seconds after their click would hold every demo commission.
      fraud: { click_seconds: 0 },
    });
    await insertPartner(tenant, clock, {
      name: "Demo Partner",
      email: "partner@example.com",
      program_id: program.id,
      ref: "demo",
      status: "approved",
    });
    const { pk_test, sk_test } = created.keys;
    demo = { merchant_id: created.merchant_id, keys: { pk_test, sk_test }, partner_ref: "demo" };
  }
  return withDemoUser(db, clock, keysFile, demo, { changed: true });
}

/** The demo merchant's dashboard user, created (with a new random password) when missing. */
async function withDemoUser(
  db: Kysely<Database>,
  clock: Clock,
  keysFile: string,
  demo: DemoMerchant,
  { changed = false } = {},
): Promise<DemoMerchant> {
  const existing = demo.user && (await findUserByEmail(db, demo.user.email));
  let result = demo;
  if (!existing || existing.merchant_id !== demo.merchant_id) {
    const password = randomBase62(20);
    // A user left by an earlier demo whose file was lost: its password is unknown, so replace it.
    await deleteUser(db, DEMO_USER_EMAIL);
    const outcome = await createUser(db, clock, {
      merchantId: demo.merchant_id,
      email: DEMO_USER_EMAIL,
      password,
    });
    if (outcome.kind !== "created") throw new Error(`demo user not created: ${outcome.kind}`);
    result = { ...demo, user: { email: DEMO_USER_EMAIL, password } };
  } else if (!changed) {
    return demo;
  }
  writeFileSync(keysFile, `${JSON.stringify(result, null, 2)}\n`, { mode: 0o600 });
  chmodSync(keysFile, 0o600);
  return result;
}
