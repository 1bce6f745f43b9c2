// Data shaped like a small shop's month, written through the real API: partners in every
// status, clicks spread over 30 days, about one in ten converting, a few unattributed for each
// reason, refunds, and live-mode activity beside the test data. For the dashboard's pages and
// screenshots (docs/img/overview.png is made from it).
import { DAY_MS, HOUR_MS } from "../../server/lib/clock";
import type { Partner } from "../../server/store/schema";
import type { Harness } from "./harness";

export interface ShopData {
  partners: Partner[];
  clickIds: string[];
  conversionIds: string[];
}

/** Deterministic pseudo-random numbers, so every run draws the same shop. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

export async function seedShopMonth(h: Harness, now = Date.now()): Promise<ShopData> {
  const next = random(42);
  const partners = [
    h.partner,
    await h.createPartner({ name: "Lena Fischer", email: "lena@creators.example", ref: "lena" }),
    await h.createPartner({
      name: "Tech Deals Weekly",
      email: "hello@techdeals.example",
      ref: "techdeals",
    }),
    await h.createPartner({ name: "Marco Rossi", ref: "marco", status: "suspended" }),
    await h.createPartner({
      name: "Budget Blog",
      email: "team@budget.example",
      ref: "budgetblog",
      status: "pending",
    }),
  ];
  const weights = [0.35, 0.3, 0.2, 0.1, 0.05];
  const pick = () => {
    let roll = next();
    for (let i = 0; i < partners.length; i++) {
      roll -= weights[i] ?? 0;
      if (roll <= 0) return partners[i] as Partner;
    }
    return partners[0] as Partner;
  };
  const clickIds: string[] = [];
  const conversionIds: string[] = [];
  let visitor = 0;
  for (let day = 29; day >= 0; day--) {
    const clicksToday = 8 + Math.round(next() * 14 + (29 - day) * 0.4);
    for (let i = 0; i < clicksToday; i++) {
      const at = now - day * DAY_MS - Math.round(next() * 20 * HOUR_MS);
      h.clock.set(new Date(Math.min(at, now)));
      visitor++;
      const partner = pick();
      const click = await h.click(partner.ref, {
        ip: `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}`,
      });
      const clickId = click.body.click_id as string;
      clickIds.push(clickId);
      if (next() < 0.1) {
        h.clock.advance(Math.round(next() * 3 * HOUR_MS));
        if (h.clock.now().getTime() > now) h.clock.set(new Date(now));
        const amount = [2900, 4900, 9900, 19900][Math.floor(next() * 4)] as number;
        const conversion = await h.post("/api/v1/conversions", {
          key: h.merchant.keys.sk_test,
          body: {
            click_id: clickId,
            event_type: "purchase",
            external_transaction_id: `order_${1000 + conversionIds.length}`,
            amount_cents: amount,
            currency: "EUR",
          },
        });
        conversionIds.push(conversion.body.id);
        if (next() < 0.12 && conversion.body.status === "attributed") {
          await h.post(`/api/v1/conversions/${conversion.body.id}/refunds`, {
            key: h.merchant.keys.sk_test,
            body: { amount_cents: amount },
          });
        }
      }
    }
    // A sale now and then that carried no click id, or a made-up one.
    if (day % 6 === 0) {
      h.clock.set(new Date(now - day * DAY_MS));
      const conversion = await h.post("/api/v1/conversions", {
        key: h.merchant.keys.sk_test,
        body: {
          click_id: day % 12 === 0 ? null : "clk_doesnotexist0000000000",
          event_type: "purchase",
          external_transaction_id: `order_direct_${day}`,
          amount_cents: 4900,
          currency: "EUR",
        },
      });
      conversionIds.push(conversion.body.id);
    }
  }
  // Live mode: a little real traffic, so the mode switch visibly changes every figure.
  for (let i = 0; i < 12; i++) {
    h.clock.set(new Date(now - (i % 5) * DAY_MS - HOUR_MS));
    await h.click(partners[1]?.ref ?? "demo", {
      key: h.merchant.keys.pk_live,
      ip: `172.16.0.${i}`,
    });
  }
  h.clock.set(new Date(now));
  return { partners, clickIds, conversionIds };
}
