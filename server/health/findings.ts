// Integration health's decisions: the facts read from a merchant's own data (read.ts) in, the
// report with its findings out. Pure. Each finding names the troubleshooting guide's section, the
// cause as this merchant's data shows it, the fix, and evidence with ids (conversions, requests,
// keys, Stripe events) that the audit log and the dashboard can look up.
import type { FindingDraft as Finding, Severity } from "../contract/finding";
import type { Mode } from "../contract/key-format";
import {
  CONVERSION_CHANNELS,
  COUNTED_REFUSALS,
  type ConversionChannel,
  type IntegrationHealth,
} from "../contract/schemas/health";
import { HEALTH_KINDS } from "./counts";
import { CLICK_ID_MISSING, CLICKS_NOT_APPEARING, CONVERSIONS_NOT_ATTRIBUTED } from "./guide";
import type { ExampleConversion, HealthCountRow, HealthPeriod, StripeFacts } from "./read";

export interface HealthFacts {
  mode: Mode;
  period: HealthPeriod;
  counts: HealthCountRow[];
  reasons: Array<{ reason: string; conversions: number }>;
  examples: ExampleConversion[];
  stripe: StripeFacts;
  publishableKeys: Array<{ id: string; public_value: string | null; last4: string }>;
}

const EXAMPLES = 3;
const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** Where a CLICK_ID_MISSING example came from (the conversion's own columns). */
export function channelOf(example: ExampleConversion): ConversionChannel {
  if (example.source === "api") return "api";
  if (example.event_type === "subscription_renewal") return "stripe_invoice";
  return example.payment_link ? "stripe_payment_link" : "stripe_checkout";
}

const describeConversion = (c: ExampleConversion) =>
  `${c.id}: ${c.event_type} ${c.external_transaction_id} at ${c.created_at} (request ${c.request_id}${c.click_id ? `, click_id ${c.click_id}` : ""}${c.partner_id ? `, partner ${c.partner_id}` : ""})`;

function sumBy<T>(rows: T[], key: (row: T) => string, value: (row: T) => number) {
  const out = new Map<string, number>();
  for (const row of rows) out.set(key(row), (out.get(key(row)) ?? 0) + value(row));
  return [...out.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

const MISSING_FINDINGS: Record<
  ConversionChannel,
  { id: string; severity: Severity; what: string; cause: string; fix: string }
> = {
  stripe_checkout: {
    id: "server-click-id-missing-stripe-checkout",
    severity: "error",
    what: "Stripe Checkout Session",
    cause:
      "Stripe Checkout Sessions completed without a click id: neither `metadata.aff_click_id` nor `client_reference_id` (nor the subscription's or customer's metadata) carried one, so these sales cannot be attributed.",
    fix: "Read the click id in the browser with `__selgeo.getClickId()`, send it to your server, and pass it when you create the session: `stripe.checkout.sessions.create({ …, metadata: { aff_click_id: clickId }, subscription_data: { metadata: { aff_click_id: clickId } } })`.",
  },
  stripe_payment_link: {
    id: "server-click-id-missing-payment-link",
    severity: "error",
    what: "Payment Link session",
    cause:
      "Payment Link purchases arrived without `client_reference_id`: the snippet appends it to every `https://buy.stripe.com/…` link of a page where it runs and has a click id, so the link was followed from a page without the snippet, before a click was recorded, or from a link the snippet cannot see (a redirect, a link built by another script on click).",
    fix: "Put the Selgeo snippet on every page that shows the Payment Link, link to `https://buy.stripe.com/…` directly, and open such a page with `?ref=…` and the Selgeo DevTools extension (or `selgeo doctor <url>`): its findings say whether the links are decorated.",
  },
  stripe_invoice: {
    id: "server-click-id-missing-stripe-invoice",
    severity: "warning",
    what: "subscription invoice",
    cause:
      "Subscription invoices were paid for subscriptions whose first payment carried no click id, so their renewals are unattributed too. This follows from the Checkout or Payment Link findings above, when there are any.",
    fix: "Fix how the subscription's Checkout Session gets its click id (`metadata.aff_click_id` or `subscription_data.metadata.aff_click_id`); renewals of subscriptions started after the fix are credited.",
  },
  api: {
    id: "server-click-id-missing-api",
    severity: "error",
    what: "Conversion API call",
    cause:
      "Conversions were reported through the Conversion API without a `click_id`, so Selgeo cannot attribute them to a partner.",
    fix: 'Pass the click id the snippet captured: read it in the browser with `__selgeo?.getClickId()`, carry it to your server (a hidden form field, a cookie, your session), and send it: `POST /api/v1/conversions { "click_id": "clk_…", … }`.',
  },
};

export function buildHealthReport(facts: HealthFacts): IntegrationHealth {
  const findings: Finding[] = [];
  const keyName = (id: string) => {
    const key = facts.publishableKeys.find((k) => k.id === id);
    return key ? `pk_${facts.mode}_…${key.last4} (${id})` : id;
  };

  // Clicks by origin, and those that failed in the browser.
  const originRows = facts.counts.filter((r) => r.kind === HEALTH_KINDS.clickOrigin);
  const clicksByOrigin = sumBy(
    originRows,
    (r) => r.subject,
    (r) => r.count,
  ).map(([origin, clicks]) => ({ origin, clicks }));
  const failedRows = facts.counts.filter((r) => r.kind === HEALTH_KINDS.clickFailedInBrowser);
  const failedInBrowser = sumBy(
    failedRows,
    (r) => r.subject,
    (r) => r.count,
  ).map(([origin, clicks]) => ({ origin, clicks }));
  if (failedInBrowser.length > 0) {
    const total = failedInBrowser.reduce((n, r) => n + r.clicks, 0);
    findings.push({
      id: "server-clicks-failed-in-browser",
      severity: "error",
      ...CLICKS_NOT_APPEARING,
      cause: `The snippet reported ${plural(total, "click")} it could not record in visitors' browsers: the request to the API failed or was answered with something other than a click.`,
      fix: "Open one of these pages with `?ref=…` and the Selgeo DevTools extension (or `selgeo doctor <url>`): its findings name the cause (CSP, an ad blocker, a proxy answering for the API).",
      evidence: failedInBrowser.map((r) => `${r.origin}: ${plural(r.clicks, "failed click")}`),
    });
  }

  // Refused click requests, per key and origin.
  const refusals = facts.counts
    .filter((r) => r.kind.startsWith("refusal:"))
    .map((r) => ({
      key_id: r.key_id,
      origin: r.subject,
      code: r.kind.slice("refusal:".length) as (typeof COUNTED_REFUSALS)[number],
      count: r.count,
    }))
    .filter((r) => (COUNTED_REFUSALS as readonly string[]).includes(r.code))
    .sort((a, b) => b.count - a.count || (a.origin < b.origin ? -1 : 1));
  const limited = refusals.filter((r) => r.code === "RATE_LIMITED");
  if (limited.length > 0) {
    const total = limited.reduce((n, r) => n + r.count, 0);
    findings.push({
      id: "server-rate-limited",
      severity: "error",
      ...CLICKS_NOT_APPEARING,
      cause: `${plural(total, "click request")} were refused with 429 RATE_LIMITED: more than the publishable key's limit (1,000 per minute), one visitor address's share, or the separate budget of origins outside allowed_origins.`,
      fix: "Look for scripts, monitors or tests that load tracked pages in a loop (the origins below say where they ran). If this is real traffic, ask your operator to raise RATE_LIMIT_PER_MINUTE. Requests from origins you refuse never spend your own pages' budget.",
      evidence: limited.map(
        (r) => `${keyName(r.key_id)} from ${r.origin}: ${plural(r.count, "request")} refused`,
      ),
    });
  }
  const notAllowed = refusals.filter((r) => r.code === "ORIGIN_NOT_ALLOWED");
  if (notAllowed.length > 0) {
    const total = notAllowed.reduce((n, r) => n + r.count, 0);
    findings.push({
      id: "server-origin-not-allowed",
      severity: "warning",
      ...CLICKS_NOT_APPEARING,
      cause: `${plural(total, "click request")} came from origins outside your allowed_origins and were refused with 403 ORIGIN_NOT_ALLOWED: no click was recorded for them.`,
      fix: 'If an origin below is one of your own sites (a new domain, www. or not, http or https), add it: `PATCH /api/v1/settings { "allowed_origins": [ …, "https://…" ] }` or Settings › Allowed origins. Other sites copying your key need nothing: their requests are counted apart and cannot spend your budget.',
      evidence: notAllowed.map(
        (r) => `${keyName(r.key_id)} from ${r.origin}: ${plural(r.count, "request")} refused`,
      ),
    });
  }

  // Conversions by reason; CLICK_ID_MISSING per source.
  const conversionsByReason = sumBy(
    facts.reasons,
    (r) => r.reason,
    (r) => r.conversions,
  ).map(([reason, conversions]) => ({ reason, conversions }));
  const reasonCount = (reason: string) =>
    conversionsByReason.find((r) => r.reason === reason)?.conversions ?? 0;
  const missingRows = facts.counts.filter((r) => r.kind === HEALTH_KINDS.clickIdMissing);
  const missingBySource = CONVERSION_CHANNELS.map((source) => ({
    source,
    conversions: missingRows.filter((r) => r.subject === source).reduce((n, r) => n + r.count, 0),
  })).filter((r) => r.conversions > 0);
  for (const { source, conversions } of missingBySource) {
    const rule = MISSING_FINDINGS[source];
    const examples = facts.examples
      .filter((e) => e.reason === "CLICK_ID_MISSING" && channelOf(e) === source)
      .slice(0, EXAMPLES);
    findings.push({
      id: rule.id,
      severity: rule.severity,
      ...CLICK_ID_MISSING,
      cause: `${plural(conversions, rule.what)} became conversions without a click id (CLICK_ID_MISSING). ${rule.cause}`,
      fix: rule.fix,
      evidence: examples.map(describeConversion),
    });
  }

  const byReason = (reason: string) =>
    facts.examples.filter((e) => e.reason === reason).slice(0, EXAMPLES);
  const mismatched = reasonCount("MODE_MISMATCH");
  if (mismatched > 0) {
    const other = facts.mode === "test" ? "live" : "test";
    findings.push({
      id: "server-mode-mismatch",
      severity: "error",
      ...CONVERSIONS_NOT_ATTRIBUTED,
      cause: `${plural(mismatched, "conversion")} in ${facts.mode} mode carried click ids made in ${other} mode (MODE_MISMATCH): the page uses a pk_${other}_ key while your server or Stripe reports with ${facts.mode}-mode credentials.`,
      fix: `Use one mode end to end: pk_${facts.mode}_… in the page's data-merchant with sk_${facts.mode}_… (and the ${facts.mode}-mode Stripe webhook), or pk_${other}_… with sk_${other}_….`,
      evidence: byReason("MODE_MISMATCH").map(describeConversion),
    });
  }
  const notApproved = reasonCount("PARTNER_NOT_APPROVED");
  if (notApproved > 0) {
    const partners = [
      ...new Set(byReason("PARTNER_NOT_APPROVED").map((e) => e.partner_id ?? "")),
    ].filter(Boolean);
    findings.push({
      id: "server-partner-not-approved",
      severity: "warning",
      ...CONVERSIONS_NOT_ATTRIBUTED,
      cause: `${plural(notApproved, "conversion")} came through partners that are pending, rejected or suspended (PARTNER_NOT_APPROVED): recorded, without commission.`,
      fix: `If these partners should earn, approve them in Partners (or \`PATCH /api/v1/partners/:id { "status": "approved" }\`); conversions from then on earn.${partners.length > 0 ? ` Partners: ${partners.join(", ")}.` : ""}`,
      evidence: byReason("PARTNER_NOT_APPROVED").map(describeConversion),
    });
  }
  const notFound = reasonCount("CLICK_NOT_FOUND");
  if (notFound > 0) {
    findings.push({
      id: "server-click-not-found",
      severity: "warning",
      ...CONVERSIONS_NOT_ATTRIBUTED,
      cause: `${plural(notFound, "conversion")} carried a click id that is not one of your clicks (CLICK_NOT_FOUND): mistyped, truncated, or made with another merchant's key.`,
      fix: "Pass the click id exactly as `__selgeo.getClickId()` returns it (up to 200 characters of letters, digits, `_` and `-`), from a page whose snippet uses one of your own publishable keys.",
      evidence: byReason("CLICK_NOT_FOUND").map(describeConversion),
    });
  }

  // Stripe's webhook.
  const { stripe } = facts;
  const configured = stripe.configuredModes.includes(facts.mode);
  const unconfigured = stripe.failures.filter(
    (f) =>
      (f.claimed_mode === facts.mode && !configured) ||
      (f.reason === "livemode_mismatch" && f.claimed_mode === facts.mode),
  );
  const otherFailures = stripe.failures.filter((f) => !unconfigured.includes(f));
  if (unconfigured.length > 0) {
    findings.push({
      id: "server-stripe-mode-not-configured",
      severity: "error",
      ...CONVERSIONS_NOT_ATTRIBUTED,
      cause: `Stripe sent ${plural(unconfigured.length, "event")} for ${facts.mode} mode, but ${configured ? "they were signed with the other mode's signing secret" : `no ${facts.mode}-mode signing secret is set`}: Selgeo refused them, so their sales and refunds are not recorded.`,
      fix: `Copy the signing secret (whsec_…) of your ${facts.mode}-mode Stripe webhook endpoint and set it with your ${facts.mode}-mode secret key: \`PUT /api/v1/integrations/stripe { "webhook_secret": "whsec_…" }\` with sk_${facts.mode}_… (or Settings › Stripe in ${facts.mode} mode). Stripe retries refused deliveries for three days.`,
      evidence: unconfigured.map((f) => `${f.received_at}: ${f.reason} (request ${f.request_id})`),
    });
  }
  if (otherFailures.length > 0) {
    findings.push({
      id: "server-stripe-signature-failures",
      severity: "error",
      ...CONVERSIONS_NOT_ATTRIBUTED,
      cause: `${plural(otherFailures.length, "Stripe delivery", "Stripe deliveries")} failed signature verification in this period${stripe.lastEvent ? `; the last verified event arrived ${stripe.lastEvent.received_at}` : ", and no event has ever been verified"}. Refused events record nothing.`,
      fix: "Set the signing secret of this exact endpoint (Stripe › Developers › Webhooks › the endpoint › Signing secret) with PUT /api/v1/integrations/stripe using the secret key of the same mode, make sure a proxy forwards the body unchanged, and keep this server's clock in sync (NTP).",
      evidence: otherFailures.map((f) => `${f.received_at}: ${f.reason} (request ${f.request_id})`),
    });
  }
  if (configured && !stripe.lastEvent) {
    findings.push({
      id: "server-stripe-no-events",
      severity: "warning",
      ...CONVERSIONS_NOT_ATTRIBUTED,
      cause: `A ${facts.mode}-mode Stripe signing secret is set, but no verified Stripe event has arrived in ${facts.mode} mode yet.`,
      fix: `In Stripe (${facts.mode} mode) › Developers › Webhooks, point an endpoint at \`/api/v1/webhooks/stripe/<your merchant id>\` with the events checkout.session.completed, invoice.paid, charge.refunded, charge.dispute.created and charge.dispute.closed, and send a test event.`,
      evidence: [`signing secret set for: ${stripe.configuredModes.join(", ")}`],
    });
  }

  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return {
    object: "integration_health",
    mode: facts.mode,
    period: { gte: facts.period.gte, lt: facts.period.lt },
    findings,
    clicks_by_origin: clicksByOrigin,
    clicks_failed_in_browser: failedInBrowser,
    conversions_by_reason: conversionsByReason,
    click_id_missing_by_source: missingBySource,
    refusals,
    stripe: {
      configured_modes: [...stripe.configuredModes].sort(),
      last_event: stripe.lastEvent,
      signature_failures: stripe.failures.length,
      unconfigured_mode_events: unconfigured.length,
    },
  };
}
