// The truth benchmark's world: the real server (in-process app over SQLite, on a socket), the
// built snippet served from a CDN host, a shop on its own host with a Payment Link and a naive
// first-party cookie tracker beside the snippet, and real Chromium driving each journey
// (truth-journeys.ts). Purchases are reported the way merchants do: the Conversion API with
// getClickId(), or a signed Stripe checkout.session.completed carrying the Payment Link's
// client_reference_id. With the first-party proxy path on, the shop serves the snippet and the API
// under its own origin at /_selgeo/ through a real reverse proxy (docs/first-party-proxy.md). The
// programs' attribute_by_ref is flipped through the real API when a run's setting asks for it.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Hono } from "hono";
import type { BrowserContext, Page } from "playwright-core";
import { createApp } from "../../server/app";
import { ManualClock } from "../../server/lib/clock";
import { registerSnippet } from "../../server/routes/snippet";
import { buildSnippet } from "../../snippet/build";
import { launchBrowser } from "../support/browser";
import { createHarness } from "../support/harness";
import { listen } from "../support/http-server";
import { forward } from "../support/reverse-proxy";
import { checkoutSession, connectStripe, deliver, stripeEvent } from "../support/stripe-events";
import { commissionOf, conversionsOf } from "../support/stripe-tables";
import type { Answer, Journey, Model } from "./truth-journeys";
import type { Setting } from "./truth-settings";

/** Every program in the benchmark pays this share of the sale (the default program's 20 %). */
export const COMMISSION_RATE = 0.2;

/** A late report: the sale this long after the first link, the second link this long after it. */
export const LATE_REPORT_GAP_MS = 30 * 60_000;

const NAIVE_COOKIE = "naive_ref";

/** Where the shop serves Selgeo under its own origin when the first-party proxy path is on. */
const PROXY_PREFIX = "/_selgeo";

/**
 * An ad blocker as filter lists make one: requests to Selgeo's own hosts are dropped (they are
 * third-party to the shop and on the lists); the shop's own origin is not, so a first-party
 * proxy's requests pass.
 */
async function blockHost(page: Page, origin: string): Promise<void> {
  await page.route(
    (url) => url.origin === origin,
    (route) => route.abort("blockedbyclient"),
  );
}

/**
 * The naive tracker a merchant could write in five lines: the ref of the URL in a first-party
 * cookie for 30 days (replaced under last-click, kept under first-click); no server, no network.
 */
function naiveTracker(model: Model): string {
  return `<script>(function(){var r=new URLSearchParams(location.search).get("ref");var has=/(?:^|; )${NAIVE_COOKIE}=/.test(document.cookie);if(r&&(${model === "last_click"}||!has))document.cookie="${NAIVE_COOKIE}="+r+"; Path=/; Max-Age=2592000; SameSite=Lax";})();</script>`;
}

export interface TruthWorld {
  /** Partner refs per model: [first partner, second partner]. */
  partners: Record<Model, [string, string]>;
  /**
   * Runs a journey under a setting: `proxy`, the shop serves the snippet and the API under its own
   * origin at /_selgeo/; `byRef`, both programs' attribute_by_ref (set through the API first when
   * it differs from the last run's).
   */
  run(journey: Journey, setting: Setting): Promise<{ selgeo: Answer; naive: Answer }>;
  close(): Promise<void>;
}

/** Both programs start with attribute_by_ref off, the default a merchant gets. */
export async function startTruthWorld(): Promise<TruthWorld> {
  const [browser, code, lazyCode] = await Promise.all([
    launchBrowser(),
    buildSnippet(),
    buildSnippet({ part: "lazy" }),
  ]);
  const harness = await createHarness({ clock: new ManualClock(new Date()) });
  await connectStripe(harness);
  const run = randomUUID().slice(0, 6);
  const firstClick = await harness.createProgram({
    name: "First click wins",
    attribution_model: "first_click",
  });
  let byRef = false;
  /** Flips attribute_by_ref as a merchant does: PATCH /api/v1/programs/{id}, for both programs. */
  async function setByRef(on: boolean): Promise<void> {
    for (const id of [harness.program.id, firstClick.id]) {
      const res = await harness.patch(`/api/v1/programs/${id}`, {
        key: harness.merchant.keys.sk_test,
        body: { attribute_by_ref: on },
      });
      if (res.status !== 200 || res.body?.attribute_by_ref !== on) {
        throw new Error(
          `setting attribute_by_ref=${on} on ${id}: ${res.status} ${JSON.stringify(res.body)}`,
        );
      }
    }
    byRef = on;
  }
  const partnerRefs: Record<Model, [string, string]> = {
    last_click: [`alice-${run}`, `bob-${run}`],
    first_click: [`carol-${run}`, `dave-${run}`],
  };
  const refOf = new Map<string, string>();
  for (const model of ["last_click", "first_click"] as const) {
    for (const ref of partnerRefs[model]) {
      const partner = await harness.createPartner({
        name: ref,
        ref,
        ...(model === "first_click" ? { program_id: firstClick.id } : {}),
      });
      refOf.set(partner.id, ref);
    }
  }

  const api = await listen(createApp(harness.services), { services: harness.services });
  const cdnApp = new Hono();
  registerSnippet(cdnApp, { code, lazyCode });
  const cdn = await listen(cdnApp);
  const API = `http://api.selgeo.test:${api.port}`;
  const CDN = `http://cdn.selgeo.test:${cdn.port}`;

  // The shop's pages: /last and /first load Selgeo from its own hosts; /fp/last and /fp/first
  // through the shop's reverse proxy at /_selgeo/ (the snippet from the CDN, the rest to the API).
  const shop: Server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://shop").pathname;
    if (path.startsWith(`${PROXY_PREFIX}/`)) {
      const target = path.startsWith(`${PROXY_PREFIX}/v1/selgeo`) ? cdn.url : api.url;
      forward(request, response, [{ prefix: PROXY_PREFIX, target }]);
      return;
    }
    if (path === "/favicon.ico") {
      response.writeHead(204).end();
      return;
    }
    const model: Model = path.endsWith("/first") ? "first_click" : "last_click";
    const own = `http://${request.headers.host}${PROXY_PREFIX}`;
    const [src, dataApi] = path.startsWith("/fp/")
      ? [`${own}/v1/selgeo.js`, own]
      : [`${CDN}/v1/selgeo.js`, API];
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(
      `<!doctype html><html><head><title>Shop</title>${naiveTracker(model)}<script src="${src}" data-merchant="${harness.merchant.keys.pk_test}" data-api="${dataApi}" async></script></head><body><a id="buy" href="https://buy.stripe.com/test_truth">Buy</a></body></html>`,
    );
  });
  await new Promise<void>((resolve) => shop.listen(0, "127.0.0.1", resolve));
  const shopPort = (shop.address() as AddressInfo).port;

  /** Waits for the snippet to settle the visit (or gives up when it never runs: a blocker). */
  async function settle(page: Page): Promise<void> {
    const loaded = await page
      .waitForFunction(() => window.__selgeo, undefined, { timeout: 3000 })
      .catch(() => null);
    if (loaded) {
      await page.evaluate(() => new Promise((resolve) => window.__selgeo!.ready(resolve)));
    }
  }

  async function report(journey: Journey, page: Page, occurredAt?: string): Promise<Answer> {
    const clickId = await page.evaluate(() =>
      window.__selgeo ? window.__selgeo.getClickId() : null,
    );
    const forgets = journey.impairment === "forgets_click_id";
    const mismatch = journey.impairment === "test_live_mismatch";
    // A merchant who forgets the click id, reports with the wrong key or reports late does it on
    // their server.
    if (journey.purchase === "api" || forgets || mismatch || occurredAt) {
      const res = await harness.post("/api/v1/conversions", {
        key: mismatch ? harness.merchant.keys.sk_live : harness.merchant.keys.sk_test,
        body: {
          ...(forgets ? {} : { click_id: clickId }),
          event_type: "purchase",
          external_transaction_id: `txn_${randomUUID()}`,
          amount_cents: journey.amountCents,
          currency: "EUR",
          ...(occurredAt ? { occurred_at: occurredAt } : {}),
        },
      });
      const body = res.body as {
        status: string;
        partner_id: string | null;
        reason: string;
        reason_detail: string | null;
        commission: { amount_cents: number } | null;
      };
      return {
        partner: body.status === "attributed" ? (refOf.get(body.partner_id ?? "") ?? null) : null,
        commissionCents: body.commission?.amount_cents ?? 0,
        reason: body.reason,
        reasonDetail: body.reason_detail,
      };
    }
    const href = await page.getAttribute("#buy", "href");
    const reference = new URL(href ?? "https://buy.stripe.com/").searchParams.get(
      "client_reference_id",
    );
    const session = checkoutSession(harness, {
      ...(reference ? { clientReferenceId: reference } : {}),
      paymentLink: "plink_1QxYzAbCdEfGhIjK",
      amount: journey.amountCents,
    });
    await deliver(harness, stripeEvent(harness, "checkout.session.completed", session));
    const [conversion] = await conversionsOf(harness, session.id);
    const commission = conversion ? await commissionOf(harness, conversion.id) : undefined;
    return {
      partner:
        conversion?.status === "attributed"
          ? (refOf.get(conversion.partner_id ?? "") ?? null)
          : null,
      commissionCents: Number(commission?.amount_cents ?? 0),
      reason: conversion?.reason ?? "NOT_RECORDED",
      reasonDetail: conversion?.reason_detail ?? null,
    };
  }

  async function naiveAnswer(
    journey: Journey,
    context: BrowserContext,
    page: Page,
  ): Promise<Answer> {
    const cookies = await context.cookies(page.url());
    const ref = cookies.find((cookie) => cookie.name === NAIVE_COOKIE)?.value ?? null;
    const known = ref && [...refOf.values()].includes(ref) ? ref : null;
    // The merchant who forgets Selgeo's click id forgets the naive tracker's ref as well.
    const partner = journey.impairment === "forgets_click_id" ? null : known;
    return {
      partner,
      commissionCents: partner ? Math.round(journey.amountCents * COMMISSION_RATE) : 0,
    };
  }

  const newContext = (visitor: string, device: string) =>
    browser.newContext({
      // One visitor per journey and device: the API's visitor dedupe must not join journeys.
      userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 truth/${run}/${visitor}/${device}`,
    });

  return {
    partners: partnerRefs,
    async run(journey, setting) {
      const { proxy } = setting;
      if (setting.byRef !== byRef) await setByRef(setting.byRef);
      // Each setting's run of a journey is its own visitor, on its own shop host.
      const visitor = `${journey.id}${proxy ? "-fp" : ""}${setting.byRef ? "-ref" : ""}`;
      const context = await newContext(visitor, "a");
      const buyer: BrowserContext[] = [context];
      try {
        const page = await context.newPage();
        if (journey.impairment === "blocker_api") await blockHost(page, API);
        if (journey.impairment === "blocker_snippet") await blockHost(page, CDN);
        const shopOrigin = `http://shop-${run}-${visitor}.selgeo.test:${shopPort}`;
        const shopUrl = `${shopOrigin}/${proxy ? "fp/" : ""}${journey.model === "first_click" ? "first" : "last"}`;
        const clicksUrl = `${proxy ? `${shopOrigin}${PROXY_PREFIX}` : API}/api/v1/clicks`;
        let occurredAt: string | undefined;
        for (const [index, ref] of journey.links.entries()) {
          const last = index === journey.links.length - 1;
          if (index > 0 && journey.impairment === "late_report") {
            // The sale happens now, between the two links; its report comes after the second.
            // Half an hour apart: within CLICK_CLOCK_DRIFT_TOLERANCE_MS (5 minutes) a sale dated
            // before its click cannot be told from clock drift, and is credited to that click.
            harness.clock.advance(LATE_REPORT_GAP_MS);
            occurredAt = harness.clock.now().toISOString();
            harness.clock.advance(LATE_REPORT_GAP_MS);
          }
          if (last && index > 0 && journey.impairment.startsWith("failed_click")) {
            let refused = false;
            await page.route(clicksUrl, (route) => {
              if (refused) return route.continue();
              refused = true;
              return route.abort("connectionreset");
            });
          }
          await page.goto(`${shopUrl}?ref=${ref}`);
          await settle(page);
          if (journey.impairment === "storage_wiped" && !last) {
            await context.clearCookies();
            await page.evaluate(() => localStorage.clear());
          }
        }
        const views = journey.impairment === "failed_click_buys_at_once" ? 0 : journey.laterViews;
        for (let i = 0; i < views; i++) {
          await page.goto(shopUrl);
          await settle(page);
        }
        let buyPage = page;
        let buyContext = context;
        if (journey.impairment === "cross_device") {
          buyContext = await newContext(visitor, "b");
          buyer.push(buyContext);
          buyPage = await buyContext.newPage();
          await buyPage.goto(shopUrl);
          await settle(buyPage);
        }
        const selgeo = await report(journey, buyPage, occurredAt);
        const naive = await naiveAnswer(journey, buyContext, buyPage);
        return { selgeo, naive };
      } finally {
        await Promise.all(buyer.map((c) => c.close()));
      }
    },
    async close() {
      await browser.close();
      await Promise.all([api.close(), cdn.close()]);
      await new Promise((resolve) => shop.close(resolve));
      await harness.close();
    },
  };
}

declare global {
  interface Window {
    __selgeo?: import("../../snippet/protocol").SelgeoGlobal;
  }
}
