// Recording a click: find the partner behind the ref, reuse the visitor's click from the last
// hour, or store a new one that expires after the partner's program window.
import { ApiError } from "../contract/errors";
import type { Mode } from "../contract/key-format";
import { DAY_MS, toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import type { Services } from "../services";
import type { AttributionModel, NewClick } from "../store/schema";

export interface ClickRequest {
  merchantId: string;
  mode: Mode;
  ref: string;
  url: string | null;
  referrer: string | null;
  visitorHash: string;
}

export interface RecordedClick {
  click_id: string;
  mode: Mode;
  expires_at: string;
  attribution_model: AttributionModel;
  /** False when the visitor's click from the last hour was returned instead. */
  created: boolean;
}

export async function recordClick(
  services: Services,
  request: ClickRequest,
): Promise<RecordedClick> {
  const partner = await services.clickLookups.partner(request.merchantId, request.ref);
  if (!partner) {
    throw new ApiError(
      "REFERRAL_NOT_FOUND",
      `No partner has the ref "${request.ref}". Check the referral link, or create the partner with this ref.`,
      { details: { ref: request.ref } },
    );
  }

  const now = services.clock.now();
  const row: NewClick = {
    id: newId("clk"),
    merchant_id: request.merchantId,
    mode: request.mode,
    partner_id: partner.partner_id,
    program_id: partner.program_id,
    ref: request.ref,
    visitor_hash: request.visitorHash,
    url: request.url,
    referrer: request.referrer,
    created_at: toIso(now),
    expires_at: toIso(new Date(now.getTime() + partner.attribution_window_days * DAY_MS)),
  };
  const stored = await services.clickStore.record(row);
  return {
    click_id: stored.id,
    mode: request.mode,
    expires_at: stored.expires_at,
    attribution_model: partner.attribution_model,
    created: stored.created,
  };
}
