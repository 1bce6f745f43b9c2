// Tenant scope, on both engines: every table with a merchant_id column is registered in
// store/tenant.ts, and every query the API makes on such a table — reads, writes, joins, the
// Stripe webhook's — carries `merchant_id = …` (and `mode = …` for mode tables), checked on the
// compiled query tree while a scenario drives every endpoint as one merchant with another
// merchant's data beside it, with a secret key and with a dashboard session. A query written
// around the tenant handle fails this test.
import {
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  sql,
  type UnknownRow,
} from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countClickFailures } from "../../../server/clicks/failures";
import type { Store } from "../../../server/store/connect";
import { scoped, TENANT_TABLES, type TenantTable } from "../../../server/store/tenant";
import { deliverDueWebhooks } from "../../../server/webhooks/worker";
import { dialectsUnderTest } from "../../support/dialects";
import {
  BROWSER_USER_AGENT,
  type CallResult,
  createHarness,
  type Harness,
} from "../../support/harness";
import { asDashboard, createDashboardUser, type SignedIn, signIn } from "../../support/session";
import {
  charge,
  checkoutSession,
  connectStripe,
  deliver,
  dispute,
  invoice,
  invoiceDiscount,
  invoicePayment,
  stripeEvent,
} from "../../support/stripe-events";

const dialects = await dialectsUnderTest();

type Node = OperationNode & Record<string, unknown>;

const isTenant = (table: string): table is TenantTable => Object.hasOwn(TENANT_TABLES, table);

function tableName(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === "AliasNode") return tableName(node.node as Node);
  if (node.kind !== "TableNode") return undefined;
  return ((node.table as Node).identifier as { name: string }).name;
}

/** The conditions joined by AND at the top of a where or on clause. */
function conjuncts(node: Node | undefined): Node[] {
  if (!node) return [];
  if (node.kind === "AndNode")
    return [...conjuncts(node.left as Node), ...conjuncts(node.right as Node)];
  if (node.kind === "ParensNode") return conjuncts(node.node as Node);
  return [node];
}

function columnOf(node: Node): { table: string | undefined; column: string } | undefined {
  if (node.kind !== "ReferenceNode") return undefined;
  const column = node.column as Node;
  if (column.kind !== "ColumnNode") return undefined;
  return {
    table: tableName(node.table as Node | undefined),
    column: (column.column as { name: string }).name,
  };
}

/** `table.column = <value or column>` among the conditions. */
function constrains(conditions: Node[], table: string, column: string): boolean {
  return conditions.some((condition) => {
    if (condition.kind !== "BinaryOperationNode") return false;
    if ((condition.operator as { operator: string }).operator !== "=") return false;
    const left = columnOf(condition.leftOperand as Node);
    return left?.column === column && (left.table === undefined || left.table === table);
  });
}

interface Seen {
  tables: Set<string>;
  violations: string[];
}

/** Reads every query's tree before it runs and notes the ones that are not within a tenant. */
class ScopeChecker implements KyselyPlugin {
  readonly seen: Seen = { tables: new Set(), violations: [] };

  transformQuery(args: PluginTransformQueryArgs) {
    this.inspect(args.node as unknown as Node);
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }

  inspect(query: Node): void {
    const scoped = (table: string, conditions: Node[], what: string) => {
      if (!isTenant(table)) return;
      this.seen.tables.add(`${query.kind}:${table}`);
      // Authentication finds the tenant from what it is shown: a key by its hash, a dashboard
      // user by the e-mail address, a session by its token's hash. The lookups across merchants.
      if (table === "api_keys" && constrains(conditions, table, "key_hash")) return;
      if (table === "users" && constrains(conditions, table, "email")) return;
      if (table === "sessions" && constrains(conditions, table, "token_hash")) return;
      // A conversion looks its click up by id in either mode: a click of the other mode is
      // MODE_MISMATCH, not "not found" (clicks/repository.ts, findClickWithProgram).
      const eitherMode = table === "clicks" && constrains(conditions, table, "id");
      const perMode = TENANT_TABLES[table] === "mode" && !eitherMode;
      const missing = ["merchant_id", ...(perMode ? ["mode"] : [])].filter(
        (column) => !constrains(conditions, table, column),
      );
      if (missing.length > 0) this.seen.violations.push(`${what} ${table} without ${missing}`);
    };
    switch (query.kind) {
      case "SelectQueryNode":
      case "DeleteQueryNode": {
        const where = conjuncts((query.where as Node | undefined)?.where as Node | undefined);
        const froms = ((query.from as Node | undefined)?.froms ?? []) as Node[];
        for (const from of froms) {
          const table = tableName(from);
          if (table) scoped(table, where, query.kind);
        }
        for (const join of (query.joins ?? []) as Node[]) {
          const table = tableName(join.table as Node);
          const on = conjuncts((join.on as Node | undefined)?.on as Node | undefined);
          // A joined table is matched on merchant_id with the scoped one.
          if (table && isTenant(table) && !constrains(on, table, "merchant_id")) {
            this.seen.violations.push(`join of ${table} without merchant_id`);
          }
        }
        return;
      }
      case "UpdateQueryNode": {
        const table = tableName(query.table as Node);
        const where = conjuncts((query.where as Node | undefined)?.where as Node | undefined);
        if (table) scoped(table, where, "update of");
        return;
      }
      case "InsertQueryNode": {
        const table = tableName(query.into as Node);
        if (!table || !isTenant(table)) return;
        this.seen.tables.add(`${query.kind}:${table}`);
        const columns = ((query.columns ?? []) as Node[]).map(
          (column) => ((column as Node).column as { name: string }).name,
        );
        const needed = ["merchant_id", ...(TENANT_TABLES[table] === "mode" ? ["mode"] : [])];
        const missing = needed.filter((column) => !columns.includes(column));
        if (missing.length > 0)
          this.seen.violations.push(`insert into ${table} without ${missing}`);
        return;
      }
    }
  }
}

/** Tables of the real schema with a merchant_id column, and whether each has a mode column. */
async function tenantColumns(h: Harness): Promise<Record<string, boolean>> {
  const { db, dialect } = h.services.store;
  // On SQLite `clicks` is a view over keyed rows (0016_storage_click_keys), and
  // `clicks_of_visitor` the same view read by one index.
  const rows =
    dialect === "sqlite"
      ? await sql<{ table_name: string; column_name: string }>`
          select m.name as table_name, c.name as column_name
          from sqlite_master m join pragma_table_info(m.name) c
          where (m.type = 'table' or (m.type = 'view' and m.name <> 'clicks_of_visitor'))
            and c.name in ('merchant_id', 'mode')`.execute(db)
      : await sql<{ table_name: string; column_name: string }>`
          select table_name, column_name from information_schema.columns
          where table_schema = ${h.pgSchema} and column_name in ('merchant_id', 'mode')`.execute(
          db,
        );
  const tables: Record<string, boolean> = {};
  for (const row of rows.rows)
    if (row.column_name === "merchant_id") tables[row.table_name] = false;
  for (const row of rows.rows) {
    if (row.column_name === "mode" && row.table_name in tables) tables[row.table_name] = true;
  }
  return tables;
}

describe.each(dialects)("tenant scope on $dialect", ({ dialect, available }) => {
  let h: Harness;
  let checker: ScopeChecker;
  let runWebhookWorker: () => Promise<unknown>;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect, program: { name: "SaaS", recurring_months: 12 } });
    await connectStripe(h);
    // The other merchant's data sits beside A's in every table the scenario reads.
    const other = await h.otherMerchant();
    await seedOtherMerchant(h, other.keys.sk_test, other.merchant_id);
    checker = new ScopeChecker();
    const store = h.services.store as { db: Store["db"]; reader: Store["reader"] };
    // The webhook worker is not the API: its queries that span merchants on purpose
    // (store/cross-tenant.ts) run unchecked, the events and deliveries it writes are the API's to read.
    const worker = { ...h.services, store: { ...h.services.store } };
    runWebhookWorker = () => deliverDueWebhooks(worker, { timeoutMs: 1000, retryBaseMs: 60_000 });
    store.db = h.services.store.db.withPlugin(checker);
    // Lists are read on the reader connections (store/sqlite-readers.ts): checked the same.
    store.reader = h.services.store.reader.withPlugin(checker);
  });
  afterAll(async () => h?.close());

  it.runIf(available)(
    "knows every table with a merchant_id column, and which are per mode",
    async () => {
      const schema = await tenantColumns(h);
      const registered = Object.fromEntries(
        Object.entries(TENANT_TABLES).map(([table, scope]) => [table, scope === "mode"]),
      );
      // A mode column on a merchant-wide table (api_keys: a key's mode) is an attribute, not a scope.
      for (const [table, perMode] of Object.entries(registered)) {
        if (!perMode) schema[table] = false;
      }
      expect(schema).toEqual(registered);
    },
  );

  it.runIf(available)("notices a query written around the tenant handle", async () => {
    const before = checker.seen.violations.length;
    await h.services.store.db.selectFrom("conversions").selectAll().where("id", "=", "x").execute();
    expect(checker.seen.violations.slice(before)).toEqual([
      "SelectQueryNode conversions without merchant_id,mode",
    ]);
    checker.seen.violations.length = before;
  });

  it.runIf(available)("scopes every query the API and the Stripe webhook make", async () => {
    await driveEveryEndpoint(h, runWebhookWorker);
    expect(checker.seen.violations).toEqual([]);
    // The scenario reached every tenant table, so the check above covered them all.
    const read = new Set(
      [...checker.seen.tables]
        .filter((t) => t.startsWith("SelectQueryNode:"))
        .map((t) => t.split(":")[1]),
    );
    // The outbox is written by the API (each insert checked above) and read only by the worker.
    const readByTheApi = Object.keys(TENANT_TABLES).filter((t) => t !== "webhook_outbox");
    expect([...read].sort()).toEqual(readByTheApi.sort());
    expect(checker.seen.tables).toContain("InsertQueryNode:webhook_outbox");
  });
});

async function seedOtherMerchant(h: Harness, sk: string, merchantId: string) {
  const user = await createDashboardUser(h, { merchantId });
  await signIn(h, user.email, user.password);
  await deliver(h, "{}", { header: "t=1,v1=forged", merchantId });
  await h.post("/api/v1/keys", { key: sk, body: { kind: "sk" } });
  const program = await h.post("/api/v1/programs", {
    key: sk,
    body: { name: "Theirs", commission: { type: "percent", percent: 10 } },
  });
  await h.post("/api/v1/partners", {
    key: sk,
    body: { name: "Their partner", program_id: program.body.id, ref: "theirs", status: "approved" },
  });
  await h.post("/api/v1/conversions", {
    key: sk,
    body: {
      event_type: "purchase",
      external_transaction_id: "their_txn",
      amount_cents: 100,
      currency: "EUR",
    },
  });
}

/** Every endpoint that reads or writes a tenant table, and every Stripe event type. */
async function driveEveryEndpoint(h: Harness, runWebhookWorker: () => Promise<unknown>) {
  const sk = h.merchant.keys.sk_test;
  const ok = (res: CallResult, status = 200) => {
    expect(res.status, res.text).toBe(status);
    return res;
  };
  const program = ok(
    await h.post("/api/v1/programs", {
      key: sk,
      body: {
        name: "P2",
        commission: { type: "percent", percent: 10 },
        trial_bounty: { amount_cents: 100, currency: "EUR" },
      },
    }),
    201,
  );
  // An Idempotency-Key: claimed, answered, then replayed (http/idempotency.ts).
  for (let i = 0; i < 2; i++) {
    ok(
      await h.post("/api/v1/programs", {
        key: sk,
        body: { name: "Keyed", commission: { type: "percent", percent: 10 } },
        headers: { "Idempotency-Key": "scope-check" },
      }),
      201,
    );
  }
  ok(await h.get("/api/v1/programs", { key: sk }));
  ok(await h.get(`/api/v1/programs/${program.body.id}`, { key: sk }));
  ok(await h.patch(`/api/v1/programs/${program.body.id}`, { key: sk, body: { name: "P3" } }));
  const partner = ok(
    await h.post("/api/v1/partners", { key: sk, body: { name: "N", program_id: program.body.id } }),
    201,
  );
  ok(await h.get("/api/v1/partners", { key: sk }));
  ok(await h.get(`/api/v1/partners/${partner.body.id}`, { key: sk }));
  ok(
    await h.patch(`/api/v1/partners/${partner.body.id}`, { key: sk, body: { status: "approved" } }),
  );
  ok(
    await h.post(`/api/v1/partners/${partner.body.id}/promotion-codes`, {
      key: sk,
      body: { promotion_code: "promo_scopeCode" },
    }),
    201,
  );
  ok(await h.get(`/api/v1/partners/${partner.body.id}/promotion-codes`, { key: sk }));
  ok(await h.patch("/api/v1/settings", { key: sk, body: { allowed_origins: [] } }));
  ok(await h.get("/api/v1/settings", { key: sk }));
  ok(await h.get("/api/v1/integrations/stripe", { key: sk }));

  const click = ok(await h.click("demo", { ip: "198.51.100.200" }), 201);
  ok(await h.get("/api/v1/clicks", { key: sk }));
  ok(await h.get(`/api/v1/clicks/${click.body.click_id}`, { key: sk }));
  // A click retried by the snippet after failing in the browser (click_failures).
  ok(
    await h.post("/api/v1/clicks", {
      rawBody: JSON.stringify({ key: h.merchant.keys.pk_test, ref: "demo", failed_attempts: 1 }),
      headers: {
        "Content-Type": "text/plain",
        "X-Forwarded-For": "198.51.100.210",
        "User-Agent": BROWSER_USER_AGENT,
      },
    }),
    201,
  );
  // The count integration health reads (its route lands with the health work).
  await countClickFailures(
    scoped(h.services.store.db, { merchantId: h.merchant.merchant_id, mode: "test" }),
    "2000-01-01T00:00:00.000Z",
  );
  const conversion = ok(
    await h.post("/api/v1/conversions", {
      key: sk,
      body: {
        click_id: click.body.click_id,
        event_type: "purchase",
        external_transaction_id: "scope_txn",
        amount_cents: 4900,
        currency: "EUR",
      },
    }),
    201,
  );
  ok(await h.get("/api/v1/conversions", { key: sk }));
  const page = ok(await h.get("/api/v1/conversions?limit=1", { key: sk }));
  ok(await h.get(`/api/v1/conversions?starting_after=${page.body.data[0].id}`, { key: sk }));
  ok(await h.get(`/api/v1/conversions/${conversion.body.id}`, { key: sk }));
  ok(
    await h.post(`/api/v1/conversions/${conversion.body.id}/refunds`, {
      key: sk,
      body: { amount_cents: 100, external_refund_id: "re_scope" },
    }),
    201,
  );
  // Outbound webhooks: an endpoint, the events the rest of the scenario writes to its outbox, and
  // their deliveries read back once the worker's pass has made them.
  const endpoint = ok(
    await h.post("/api/v1/webhook-endpoints", {
      key: sk,
      body: { url: "http://127.0.0.1:9/hooks", events: ["commission.paid", "commission.due"] },
    }),
    201,
  );
  ok(await h.get("/api/v1/webhook-endpoints", { key: sk }));
  ok(await h.get(`/api/v1/webhook-endpoints/${endpoint.body.id}`, { key: sk }));
  // The lifecycle: the hold ends, the preview and a payout, a refund after payment (an
  // adjustment), the payouts read back and exported.
  h.clock.advance(31 * 86_400_000);
  ok(await h.get("/api/v1/payouts/preview", { key: sk }));
  const payout = ok(
    await h.post("/api/v1/payouts", { key: sk, body: { reference: "scope-payout" } }),
    201,
  );
  ok(
    await h.post(`/api/v1/conversions/${conversion.body.id}/refunds`, {
      key: sk,
      body: { amount_cents: 100 },
    }),
    201,
  );
  ok(await h.get("/api/v1/payouts/preview", { key: sk }));
  ok(await h.get("/api/v1/payouts", { key: sk }));
  ok(await h.get(`/api/v1/payouts/${payout.body.id}`, { key: sk }));
  ok(await h.get("/api/v1/payouts/export", { key: sk }));
  ok(await h.get("/api/v1/commissions/export", { key: sk }));
  await runWebhookWorker();
  const deliveries = ok(await h.get("/api/v1/webhook-deliveries", { key: sk }));
  const delivery = deliveries.body.data[0].id;
  ok(await h.get(`/api/v1/webhook-deliveries/${delivery}`, { key: sk }));
  ok(await h.post(`/api/v1/webhook-deliveries/${delivery}/resend`, { key: sk }), 202);
  ok(
    await h.patch(`/api/v1/webhook-endpoints/${endpoint.body.id}`, {
      key: sk,
      body: { disabled: true },
    }),
  );
  ok(await h.call("DELETE", `/api/v1/webhook-endpoints/${endpoint.body.id}`, { key: sk }));
  ok(
    await h.post(`/api/v1/conversions/${conversion.body.id}/refunds`, {
      key: sk,
      body: { amount_cents: 100, external_refund_id: "re_scope" },
    }),
  );
  ok(await h.get("/api/v1/commissions", { key: sk }));
  ok(await h.get(`/api/v1/commissions/${conversion.body.commission.id}`, { key: sk }));
  ok(await h.get(`/api/v1/audit-log?conversion_id=${conversion.body.id}`, { key: sk }));

  // Stripe: a subscription bought through Checkout, its first invoice and payment, a renewal,
  // a refund of the renewal, a redelivery and a type Selgeo does not use.
  const subscribed = ok(await h.click("demo", { ip: "198.51.100.201" }), 201);
  const session = checkoutSession(h, { mode: "subscription", clickId: subscribed.body.click_id });
  const subscription = session.subscription!;
  const checkout = stripeEvent(h, "checkout.session.completed", session);
  ok(await deliver(h, checkout));
  ok(await deliver(h, checkout));
  const first = invoice(h, {
    subscription,
    billingReason: "subscription_create",
    id: session.invoice!,
  });
  ok(await deliver(h, stripeEvent(h, "invoice.paid", first)));
  // A discount's code (customer.discount.created), which the renewal names by bare id.
  const discount = invoiceDiscount(h, {
    shape: "current",
    subscription,
    customer: "cus_scope",
    promotionCode: "promo_scopeCode",
  });
  ok(await deliver(h, stripeEvent(h, "customer.discount.created", discount)));
  const renewal = {
    ...invoice(h, { subscription, billingReason: "subscription_cycle", shape: "current" }),
    discounts: [discount.id],
  };
  ok(await deliver(h, stripeEvent(h, "invoice.paid", renewal)));
  ok(
    await deliver(
      h,
      stripeEvent(
        h,
        "invoice_payment.paid",
        invoicePayment(h, { invoice: renewal.id, paymentIntent: "pi_scope" }),
      ),
    ),
  );
  ok(
    await deliver(
      h,
      stripeEvent(
        h,
        "charge.refunded",
        charge(h, { paymentIntent: "pi_scope", amountRefunded: 1000 }),
      ),
    ),
  );
  ok(await deliver(h, stripeEvent(h, "customer.created", { id: "cus_1", object: "customer" })));

  // A payment's refund and dispute that come before its checkout: kept, then applied; the
  // dispute's creation delivered twice (as two events), then its loss.
  const paid = ok(await h.click("demo", { ip: "198.51.100.202" }), 201);
  const sale = checkoutSession(h, { clickId: paid.body.click_id });
  const chargeId = `ch_${sale.payment_intent!.slice(3)}`;
  const disputed = (status: "needs_response" | "lost") =>
    dispute(h, { id: "dp_scope", charge: chargeId, paymentIntent: sale.payment_intent!, status });
  ok(
    await deliver(
      h,
      stripeEvent(
        h,
        "charge.refunded",
        charge(h, { id: chargeId, paymentIntent: sale.payment_intent!, amountRefunded: 100 }),
      ),
    ),
  );
  ok(await deliver(h, stripeEvent(h, "charge.dispute.created", disputed("needs_response"))));
  ok(await deliver(h, stripeEvent(h, "checkout.session.completed", sale)));
  ok(await deliver(h, stripeEvent(h, "charge.dispute.created", disputed("needs_response"))));
  ok(await deliver(h, stripeEvent(h, "charge.dispute.closed", disputed("lost"))));
  expect((await deliver(h, "{}", { header: "t=1,v1=forged" })).status).toBe(400);
  ok(await h.get("/api/v1/integrations/stripe/deliveries", { key: sk }));

  // Keys, the daily figures, and the dashboard: sign-in, its session reading and changing
  // through the same routes, signing in again from the same browser, signing out.
  ok(await h.get("/api/v1/keys", { key: sk }));
  const issued = ok(await h.post("/api/v1/keys", { key: sk, body: { kind: "pk" } }), 201);
  const rotated = ok(await h.post(`/api/v1/keys/${issued.body.id}/rotate`, { key: sk }));
  ok(await h.post(`/api/v1/keys/${rotated.body.id}/revoke`, { key: sk }));
  ok(await h.get("/api/v1/stats", { key: sk }));
  ok(await h.get(`/api/v1/stats?partner_id=${partner.body.id}`, { key: sk }));
  // Integration health: its counts, examples and Stripe facts, all within the tenant.
  ok(await h.get("/api/v1/integration/health", { key: sk }));

  const user = await createDashboardUser(h);
  const signedIn: SignedIn = await signIn(h, user.email, user.password);
  ok(await h.get("/api/v1/session", asDashboard(signedIn, "test")));
  ok(await h.get("/api/v1/conversions", asDashboard(signedIn, "live")));
  ok(
    await h.patch(
      `/api/v1/partners/${partner.body.id}`,
      asDashboard(signedIn, "test", { body: { name: "Renamed" } }),
    ),
  );
  const again = await signIn(h, user.email, user.password, { Cookie: signedIn.cookie });
  ok(await h.call("DELETE", "/api/v1/session", asDashboard(again, "test")));
}
