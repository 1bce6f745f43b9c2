// Recording a click: find the partner behind the ref, reuse the visitor's click from the last
// hour, or store a new one that expires after the partner's program window. Known bots and link
// previews are answered without a click.
import type { Mode } from "../contract/key-format";
import { type FraudRules, fraudRulesOf } from "../fraud/signals";
import { DAY_MS, toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import type { Services } from "../services";
import type { AttributionModel, NewClick } from "../store/schema";
import { scoped } from "../store/tenant";
import { isBotUserAgent } from "./bots";
import { type BrowserFailure, recordClickFailure } from "./failures";
import { networkHash } from "./network";
import { recordClickSignals } from "./signals";
import { visitorHash } from "./visitor";

export interface ClickRequest {
  merchantId: string;
  mode: Mode;
  ref: string;
  url: string | null;
  referrer: string | null;
  userAgent: string;
  /** The visitor's address (never stored: the visitor is a salted hash of it, visitor.ts). */
  address: string;
  /** Set when the snippet retries a click whose earlier requests failed in the browser. */
  failure?: BrowserFailure;
  /** The snippet reported an automated browser (`navigator.webdriver`). */
  automated?: boolean;
}

export type ClickOutcome =
  | {
      kind: "recorded";
      click_id: string;
      mode: Mode;
      expires_at: string;
      attribution_model: AttributionModel;
      /** False when the visitor's click from the last hour was returned instead. */
      created: boolean;
    }
  | { kind: "bot"; attribution_model: AttributionModel }
  | { kind: "referral_not_found" };

// Outcomes without data are shared: the click path allocates nothing for them.
const REFERRAL_NOT_FOUND: ClickOutcome = { kind: "referral_not_found" };

export async function recordClick(
  services: Pick<
    Services,
    "clickLookups" | "clickStore" | "clock" | "metrics" | "networkClicks" | "store"
  >,
  request: ClickRequest,
): Promise<ClickOutcome> {
  const partner = await services.clickLookups.partner(request.merchantId, request.ref);
  if (isBotUserAgent(request.userAgent)) {
    services.metrics.clicks.inc({ mode: request.mode, outcome: "bot" });
    return { kind: "bot", attribution_model: partner?.attribution_model ?? "last_click" };
  }
  if (!partner) return REFERRAL_NOT_FOUND;

  const now = services.clock.now();
  const row: NewClick = {
    id: newId("clk"),
    merchant_id: request.merchantId,
    mode: request.mode,
    partner_id: partner.partner_id,
    program_id: partner.program_id,
    ref: request.ref,
    visitor_hash: visitorHash(request.merchantId, request.address, request.userAgent),
    url: request.url,
    referrer: request.referrer,
    created_at: toIso(now),
    expires_at: toIso(new Date(now.getTime() + partner.attribution_window_days * DAY_MS)),
  };
  const stored = await services.clickStore.record(row);
  const network = stored.created
    ? await networkOverLimit(services, request, fraudRulesOf(partner.fraud_rules))
    : null;
  // Rare (an automated browser, a busy network), so ordinary clicks write nothing more.
  if (request.automated || network) {
    await recordClickSignals(
      scoped(services.store.db, { merchantId: request.merchantId, mode: request.mode }),
      stored.id,
      { automated: request.automated === true, network },
      toIso(now),
    );
  }
  // Rare (a retried click), so the extra write stays off the click path's common case.
  if (request.failure) {
    await recordClickFailure(
      scoped(services.store.db, { merchantId: request.merchantId, mode: request.mode }),
      {
        clickId: stored.id,
        partnerId: partner.partner_id,
        recoveredAt: toIso(now),
      },
      request.failure,
    );
  }
  services.metrics.clicks.inc({
    mode: request.mode,
    outcome: stored.created ? "recorded" : "reused",
  });
  return {
    kind: "recorded",
    click_id: stored.id,
    mode: request.mode,
    expires_at: stored.expires_at,
    attribution_model: partner.attribution_model,
    created: stored.created,
  };
}

/**
 * Counts a new click of the visitor's network (merchant and mode) in the program's window; the
 * count when it is over the program's limit, else null. Reused clicks are not counted, as the
 * visitor signal does not count them.
 */
async function networkOverLimit(
  services: Pick<Services, "networkClicks">,
  request: ClickRequest,
  rules: FraudRules,
): Promise<{ clicks: number; minutes: number } | null> {
  if (rules.network_clicks <= 0) return null;
  const minutes = rules.network_clicks_minutes;
  const clicks = await services.networkClicks.count(
    `${request.mode}:${networkHash(request.merchantId, request.address)}`,
    minutes,
  );
  return clicks > rules.network_clicks ? { clicks, minutes } : null;
}
