// The demo shop (GET /demo) and its "server side" (POST /demo/buy): a merchant page that loads
// the snippet with the demo merchant's publishable key, and a buy route that reports the
// conversion with the demo secret key, exactly as a merchant's backend would. The whole path
// (referred visit → click → conversion → attribution) can be watched in one browser tab.
import { randomUUID } from "node:crypto";
import type { Context, Env, Hono } from "hono";
import { decodeWire, WIRE_TABLE } from "../../snippet/debug-wire";
import {
  CLICK_COOKIE_NAME,
  CLICK_STORAGE_KEY,
  DEBUG_EVENT_NAME,
  isClickId,
  PAYMENT_LINK_HOST,
} from "../../snippet/protocol";
import { ApiError } from "../contract/errors";
import { EXPONENT_EXCEPTIONS, formatMinorUnits } from "../contract/minor-units";
import { SNIPPET_PATH } from "./snippet";

export interface DemoOptions {
  publishableKey: string;
  secretKey: string;
  /** Where the snippet sends clicks, when not the server serving the page (`data-api`). */
  apiOrigin?: string;
}

export const DEMO_PRODUCT = { name: "Field notebook", amount_cents: 4900, currency: "EUR" };

/** A Stripe test-mode Payment Link; the snippet appends the click id as client_reference_id. */
export const DEMO_PAYMENT_LINK = `https://${PAYMENT_LINK_HOST}/test_6oE9Bk3Ye0gQ5Ek288`;

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!,
  );

export function demoPage(demo: DemoOptions): string {
  const apiAttribute = demo.apiOrigin ? ` data-api="${escapeHtml(demo.apiOrigin)}"` : "";
  const price = formatMinorUnits(DEMO_PRODUCT.amount_cents, DEMO_PRODUCT.currency, "en-IE");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Northwind Paper Co. — Selgeo demo shop</title>
<style>
  :root { color-scheme: light; --ink: #1d2330; --muted: #5c6577; --line: #e3e6ec; --accent: #3a5bd9; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f6f7f9; }
  header { display: flex; justify-content: space-between; align-items: center; padding: 16px 32px; background: #fff; border-bottom: 1px solid var(--line); }
  header strong { font-size: 18px; letter-spacing: .02em; }
  header nav a { color: var(--muted); margin-left: 20px; text-decoration: none; }
  main { max-width: 980px; margin: 32px auto; padding: 0 24px; display: grid; grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr); gap: 32px; }
  .card { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 24px; }
  .product svg { width: 100%; height: auto; border-radius: 8px; background: #eef1f7; }
  .price { font-size: 28px; font-weight: 600; margin: 8px 0 16px; }
  .buy { display: flex; flex-direction: column; gap: 10px; }
  .button { display: block; text-align: center; padding: 12px 16px; border-radius: 8px; border: 0; font: inherit; font-weight: 600; cursor: pointer; text-decoration: none; }
  .primary { background: var(--accent); color: #fff; }
  .secondary { background: #fff; color: var(--accent); border: 1px solid var(--accent); }
  .hint { color: var(--muted); font-size: 13px; margin: 0; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 12px; margin: 0 0 16px; font-size: 14px; }
  dt { color: var(--muted); }
  dd { margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; word-break: break-all; }
  #result { margin-top: 12px; padding: 12px; border-radius: 8px; font-size: 14px; display: none; }
  #result.attributed { display: block; background: #e7f6ec; color: #17613a; }
  #result.unattributed { display: block; background: #fff4e0; color: #7a4b00; }
  #result.failed { display: block; background: #fde8e8; color: #8a1c1c; }
  ol#events { overflow-wrap: anywhere; margin: 0; padding-left: 20px; font: 12px/1.6 ui-monospace, SFMono-Regular, Menlo, monospace; color: var(--muted); max-height: 220px; overflow: auto; }
  @media (max-width: 760px) { main { grid-template-columns: 1fr; } }
</style>
<script>
  // Listens before the snippet loads, so every step of the debug channel is shown.
  window.demoEvents = [];
  // The snippet sends each event in its compact wire form: named here by the extension's own
  // decoder (snippet/debug-wire.ts), shipped as its source.
  var decodeWire = ${decodeWire.toString()};
  var wireTable = ${JSON.stringify(WIRE_TABLE)};
  window.addEventListener(${JSON.stringify(DEBUG_EVENT_NAME)}, function (event) {
    var detail = decodeWire(event.detail, wireTable);
    window.demoEvents.push(detail);
    if (window.onDemoEvent) window.onDemoEvent(detail);
  });
</script>
<script src="${SNIPPET_PATH}" data-merchant="${escapeHtml(demo.publishableKey)}"${apiAttribute} async></script>
</head>
<body>
<header>
  <strong>Northwind Paper Co.</strong>
  <nav><a href="/demo">Shop</a><a href="/demo?ref=demo">Partner link (?ref=demo)</a><a href="/docs">API</a></nav>
</header>
<main>
  <section class="card product">
    <svg viewBox="0 0 400 260" role="img" aria-label="A dark blue notebook">
      <rect x="120" y="30" width="160" height="200" rx="10" fill="#24345f"/>
      <rect x="262" y="30" width="8" height="200" fill="#c9a227"/>
      <rect x="140" y="70" width="100" height="14" rx="3" fill="#e8ecf6" opacity=".8"/>
    </svg>
    <h1>${escapeHtml(DEMO_PRODUCT.name)}</h1>
    <p class="hint">A5, 192 dotted pages, lay-flat binding. Ships in two days.</p>
    <div class="price">${price}</div>
    <div class="buy">
      <button id="buy" class="button primary" type="button">Buy now</button>
      <p class="hint">"Buy now" plays the shop's server: it reports the purchase to Selgeo's Conversion API with the click id the snippet kept.</p>
      <a id="payment-link" class="button secondary" href="${DEMO_PAYMENT_LINK}">Pay with a Stripe Payment Link</a>
      <p class="hint">A test-mode Payment Link: the snippet appends <code>client_reference_id</code> once this visit has a click.</p>
    </div>
    <div id="result" role="status"></div>
  </section>
  <aside class="card">
    <h2>What Selgeo sees</h2>
    <dl>
      <dt>ref in URL</dt><dd id="ref">—</dd>
      <dt>snippet</dt><dd id="snippet">loading…</dd>
      <dt>mode</dt><dd id="mode">—</dd>
      <dt>click id</dt><dd id="click">—</dd>
      <dt>Payment Link</dt><dd id="link">—</dd>
    </dl>
    <button id="forget" class="button secondary" type="button">Forget my click</button>
    <h3>selgeo:debug events</h3>
    <ol id="events"></ol>
  </aside>
</main>
<script>
  (function () {
    var $ = function (id) { return document.getElementById(id); };
    var selgeo = function () { return window.__selgeo; };
    // Amounts are in the currency's smallest unit: ¥500 is 500, 1.500 KWD is 1500.
    var exponents = ${JSON.stringify(EXPONENT_EXCEPTIONS)};
    function decimal(amount, currency) {
      var exponent = Object.prototype.hasOwnProperty.call(exponents, currency) ? exponents[currency] : 2;
      return (amount / Math.pow(10, exponent)).toFixed(exponent);
    }
    $("ref").textContent = new URLSearchParams(location.search).get("ref") || "none: open /demo?ref=demo";

    function refresh() {
      var s = selgeo();
      $("snippet").textContent = s ? "selgeo.js " + s.version : "not loaded (blocked?)";
      $("mode").textContent = (s && s.mode) || "—";
      $("click").textContent = (s && s.getClickId()) || "none";
      $("link").textContent = $("payment-link").href;
    }
    function show(detail) {
      var item = document.createElement("li");
      item.textContent = JSON.stringify(detail);
      $("events").appendChild(item);
      if (detail.type === "loaded") selgeo().ready(refresh);
      refresh();
    }
    window.demoEvents.forEach(show);
    window.onDemoEvent = show;
    window.addEventListener("load", refresh);

    $("buy").addEventListener("click", function () {
      var s = selgeo();
      var result = $("result");
      result.className = "";
      fetch("/demo/buy", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ click_id: (s && s.getClickId()) || null })
      })
        .then(function (response) { return response.json(); })
        .then(function (conversion) {
          if (conversion.error) {
            result.className = "failed";
            result.textContent = conversion.error.code + ": " + conversion.error.message;
          } else if (conversion.status === "attributed") {
            var c = conversion.commission;
            result.className = "attributed";
            result.textContent = "Attributed to partner " + conversion.partner_id +
              (c ? ": commission " + decimal(c.amount_cents, c.currency) + " " + c.currency + " (" + c.status + ")" : "") +
              ". Conversion " + conversion.id + ".";
          } else {
            result.className = "unattributed";
            result.textContent = "Recorded, not attributed: " + conversion.reason + ". Conversion " + conversion.id + ".";
          }
          result.dataset.status = conversion.status || "error";
        })
        .catch(function (error) {
          result.className = "failed";
          result.textContent = "The shop's server did not answer: " + error.message;
        });
    });

    $("forget").addEventListener("click", function () {
      try { localStorage.removeItem(${JSON.stringify(CLICK_STORAGE_KEY)}); } catch (e) {}
      document.cookie = ${JSON.stringify(`${CLICK_COOKIE_NAME}=; Max-Age=0; Path=/`)};
      location.href = "/demo";
    });
  })();
</script>
</body>
</html>
`;
}

async function readClickId(c: Context): Promise<string | null> {
  const body = (await c.req.json().catch(() => null)) as { click_id?: unknown } | null;
  const clickId = body?.click_id ?? null;
  if (clickId === null || isClickId(clickId)) return clickId;
  throw new ApiError("VALIDATION_ERROR", "click_id must be a click id (clk_…) or null.", {
    details: { click_id: "invalid" },
  });
}

export function registerDemo<E extends Env>(app: Hono<E>, demo: DemoOptions): void {
  const page = demoPage(demo);

  app.get("/demo", (c) => {
    c.header("Cache-Control", "no-store");
    return c.html(page);
  });

  // The merchant's backend: it alone holds the secret key, and reports the sale with the click
  // id the browser passed along. Going through app.request keeps every API rule in the path.
  // It is a request of its own: the browser's Node request and response (c.env) are not passed
  // on, or its headers would be read as this one's (http/request-headers.ts).
  app.post("/demo/buy", async (c) => {
    const clickId = await readClickId(c);
    const forwardedId = c.req.header("x-request-id");
    const response = await app.request("/api/v1/conversions", {
      method: "POST",
      headers: {
        Authorization: `Bearer ${demo.secretKey}`,
        "Content-Type": "application/json",
        ...(forwardedId ? { "X-Request-Id": forwardedId } : {}),
      },
      body: JSON.stringify({
        ...(clickId ? { click_id: clickId } : {}),
        event_type: "purchase",
        external_transaction_id: `demo_${randomUUID()}`,
        amount_cents: DEMO_PRODUCT.amount_cents,
        currency: DEMO_PRODUCT.currency,
      }),
    });
    return new Response(response.body, {
      status: response.status,
      headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
    });
  });
}
