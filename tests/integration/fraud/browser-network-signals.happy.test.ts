// The click-time fraud signals, through the API with real requests on both engines: a click the
// snippet reports as automated (`automated: true`, from `navigator.webdriver`), and many clicks
// from one network address (IPv4 address, IPv6 /64) whatever the browser. Each is recorded in
// click_signals only for the clicks that have it, and holds a conversion through that click with
// its facts in the audit log. On Redis, two servers count one network's clicks into one number.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBase62 } from "../../../server/lib/ids";
import { auditEntries, convert } from "../../support/conversions";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness, REDIS_URL } from "../../support/harness";
import { redisAvailable } from "../../support/services-available";

const dialects = await dialectsUnderTest();
const withRedis = await redisAvailable();

/** A desktop browser's user agent, made different per `n`: each is a visitor of its own. */
const browser = (n: number) =>
  `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${100 + n}.0.0.0 Safari/537.36`;

function click(
  h: Harness,
  ref: string,
  options: { ip: string; userAgent?: string; automated?: boolean; key?: string },
) {
  return h.post("/api/v1/clicks", {
    rawBody: JSON.stringify({
      key: options.key ?? h.merchant.keys.pk_test,
      ref,
      url: `https://shop.example/?ref=${ref}`,
      ...(options.automated !== undefined ? { automated: options.automated } : {}),
    }),
    headers: {
      "Content-Type": "text/plain;charset=UTF-8",
      "X-Forwarded-For": options.ip,
      "User-Agent": options.userAgent ?? browser(0),
    },
  });
}

async function heldSignals(h: Harness, conversionId: string) {
  const hold = (await auditEntries(h, { conversion_id: conversionId })).find(
    (e) => e.action === "fraud_hold",
  );
  return hold?.facts.signals as unknown[] | undefined;
}

/** A program with the documented defaults but for the standing test clock's seconds rule. */
async function programWith(h: Harness, fraud: Record<string, number>) {
  const program = await h.post("/api/v1/programs", {
    key: h.merchant.keys.sk_test,
    body: {
      name: `Signals ${randomBase62(6)}`,
      commission: { type: "percent", percent: 10 },
      fraud: { click_seconds: 0, ...fraud },
    },
  });
  expect(program.status, program.text).toBe(201);
  return program.body as { id: string; fraud: Record<string, unknown> };
}

describe.each(dialects)("click-time fraud signals ($dialect)", ({ dialect, available }) => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect, trustProxy: true });
  });
  afterAll(async () => h?.close());

  const signalRows = () => h.services.store.db.selectFrom("click_signals").selectAll().execute();
  async function partnerOf(programId: string) {
    n += 1;
    return h.createPartner({ program_id: programId, ref: `sig${n}${dialect}` });
  }

  it.runIf(available)(
    "an automated browser's click: recorded as a signal; a sale through it within automated_seconds (default 600) is held, a person's is not",
    async () => {
      const program = await programWith(h, {});
      expect(program.fraud).toMatchObject({
        automated_seconds: 600,
        network_clicks: 50,
        network_clicks_minutes: 10,
      });
      const partner = await partnerOf(program.id);

      const person = await click(h, partner.ref, { ip: "198.18.1.1", automated: false });
      expect(person.status, person.text).toBe(201);
      const bot = await click(h, partner.ref, { ip: "198.18.1.2", automated: true });
      expect(bot.status, bot.text).toBe(201);
      // Only the automated click has a row: ordinary clicks write nothing more.
      expect((await signalRows()).map((row) => row.click_id)).toEqual([bot.body.click_id]);

      h.clock.advance(120_000);
      const scripted = await convert(h, { click_id: bot.body.click_id });
      expect(scripted.status, scripted.text).toBe(201);
      expect(scripted.body.commission.status).toBe("held");
      expect(await heldSignals(h, scripted.body.id)).toEqual([
        { signal: "AUTOMATED_BROWSER", seconds: 120, limit: 600 },
      ]);
      const bought = await convert(h, { click_id: person.body.click_id });
      expect(bought.body.commission.status).toBe("pending");

      // Past automated_seconds: not held for it.
      const later = await click(h, partner.ref, { ip: "198.18.1.3", automated: true });
      h.clock.advance(601_000);
      const slow = await convert(h, { click_id: later.body.click_id });
      expect(slow.body.commission.status).toBe("pending");
    },
  );

  it.runIf(available)(
    "a click returned again keeps automated once a request of it reported it",
    async () => {
      const program = await programWith(h, {});
      const partner = await partnerOf(program.id);
      const first = await click(h, partner.ref, { ip: "198.18.5.1" });
      expect(first.status).toBe(201);
      const again = await click(h, partner.ref, { ip: "198.18.5.1", automated: true });
      expect(again.status).toBe(200);
      expect(again.body.click_id).toBe(first.body.click_id);
      // A third request without the flag does not clear it.
      await click(h, partner.ref, { ip: "198.18.5.1", automated: false });
      const rows = (await signalRows()).filter((row) => row.click_id === first.body.click_id);
      expect(rows).toEqual([expect.objectContaining({ automated: 1, network_clicks: null })]);
    },
  );

  it.runIf(available)("automated must be a boolean: 400 in the contract's shape", async () => {
    const res = await h.post("/api/v1/clicks", {
      rawBody: JSON.stringify({ key: h.merchant.keys.pk_test, ref: "x", automated: "yes" }),
      headers: { "Content-Type": "text/plain", "X-Forwarded-For": "198.18.9.9" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
  });

  it.runIf(available)(
    "clicks from one network address over the program's limit, in other browsers each: the click over it holds its sale, with the count",
    async () => {
      const program = await programWith(h, { network_clicks: 3, network_clicks_minutes: 10 });
      const partner = await partnerOf(program.id);
      const before = (await signalRows()).length;
      const clicks: string[] = [];
      // Four browsers on one IPv4 address: four visitors, one network.
      for (let i = 1; i <= 4; i++) {
        const res = await click(h, partner.ref, { ip: "198.18.2.1", userAgent: browser(i) });
        expect(res.status, res.text).toBe(201);
        clicks.push(res.body.click_id);
      }
      const rows = (await signalRows()).slice(before);
      expect(rows).toEqual([
        expect.objectContaining({
          click_id: clicks[3],
          network_clicks: 4,
          network_minutes: 10,
          automated: 0,
        }),
      ]);
      // No address is stored, only the count.
      expect(JSON.stringify(rows)).not.toContain("198.18");

      const over = await convert(h, { click_id: clicks[3] });
      expect(over.body.commission.status).toBe("held");
      expect(await heldSignals(h, over.body.id)).toEqual([
        { signal: "NETWORK_CLICK_BURST", clicks: 4, limit: 3, minutes: 10 },
      ]);
      const within = await convert(h, { click_id: clicks[2] });
      expect(within.body.commission.status).toBe("pending");
      // Another address's click at the same time is its own network.
      const other = await click(h, partner.ref, { ip: "198.18.2.2", userAgent: browser(9) });
      const elsewhere = await convert(h, { click_id: other.body.click_id });
      expect(elsewhere.body.commission.status).toBe("pending");
    },
  );

  it.runIf(available)(
    "IPv6 addresses of one /64 are one network; a click returned again is not counted twice",
    async () => {
      const program = await programWith(h, { network_clicks: 2 });
      const partner = await partnerOf(program.id);
      const first = await click(h, partner.ref, { ip: "2001:db8:5:1::a" });
      // The same visitor and ref within the hour: the same click, not a new count.
      const again = await click(h, partner.ref, { ip: "2001:db8:5:1::a" });
      expect(again.status).toBe(200);
      expect(again.body.click_id).toBe(first.body.click_id);
      await click(h, partner.ref, { ip: "2001:db8:5:1::b" });
      // Another /64: its own count.
      await click(h, partner.ref, { ip: "2001:db8:5:2::a" });
      const third = await click(h, partner.ref, { ip: "2001:db8:5:1:ffff::1" });
      expect(third.status).toBe(201);
      const sale = await convert(h, { click_id: third.body.click_id });
      expect(await heldSignals(h, sale.body.id)).toEqual([
        { signal: "NETWORK_CLICK_BURST", clicks: 3, limit: 2, minutes: 10 },
      ]);
    },
  );

  it.runIf(available)("network_clicks 0 turns the count off: no row, not held", async () => {
    const program = await programWith(h, { network_clicks: 0 });
    const partner = await partnerOf(program.id);
    const before = (await signalRows()).length;
    let last = "";
    for (let i = 0; i < 5; i++) {
      last = (await click(h, partner.ref, { ip: "198.18.3.1", userAgent: browser(i) })).body
        .click_id;
    }
    expect((await signalRows()).length).toBe(before);
    const sale = await convert(h, { click_id: last });
    expect(sale.body.commission.status).toBe("pending");
  });
});

describe("network clicks counted on Redis by two servers", () => {
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    if (!withRedis) return;
    const prefix = `selgeo:test:${randomBase62(8)}`;
    a = await createHarness({ trustProxy: true, redisUrl: REDIS_URL, rateLimitPrefix: prefix });
    // A second server over the same database and Redis.
    b = await createHarness({
      trustProxy: true,
      redisUrl: REDIS_URL,
      rateLimitPrefix: prefix,
      databaseUrl: a.databaseUrl,
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it.runIf(withRedis)("clicks through either server count into one number", async () => {
    const program = await programWith(a, { network_clicks: 3 });
    const partner = await a.createPartner({ program_id: program.id, ref: "redisnet" });
    const ids: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const server = i % 2 === 0 ? b : a;
      const res = await click(server, partner.ref, {
        ip: "198.18.4.1",
        userAgent: browser(i),
        key: a.merchant.keys.pk_test,
      });
      expect(res.status, res.text).toBe(201);
      ids.push(res.body.click_id);
    }
    const sale = await convert(a, { click_id: ids[3] });
    expect(await heldSignals(a, sale.body.id)).toEqual([
      { signal: "NETWORK_CLICK_BURST", clicks: 4, limit: 3, minutes: 10 },
    ]);
  });
});
