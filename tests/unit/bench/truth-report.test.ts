import { describe, expect, it } from "vitest";
import type { Answer, Impairment, Journey, Model } from "../../bench/truth-journeys";
import { outsideContract } from "../../bench/truth-journeys";
import {
  gaps,
  type JourneyResult,
  overall,
  tabulate,
  targets,
  unexplained,
} from "../../bench/truth-report";
import { FULL_RECALL, type Setting } from "../../bench/truth-settings";

const RATE = 0.2;
const OFF: Setting = { proxy: false, byRef: false };
const ON: Setting = { proxy: true, byRef: false };

let nextId = 0;
function journey(impairment: Impairment, model: Model = "last_click"): Journey {
  return {
    id: nextId++,
    model,
    links: ["alice", "bob"],
    laterViews: 0,
    purchase: "api",
    amountCents: 1000,
    impairment,
  };
}

/** The right partner under the journey's model (two links, no late report here). */
const right = (j: Journey) => (j.model === "last_click" ? "bob" : "alice");
const credited = (partner: string): Answer => ({
  partner,
  commissionCents: 200,
  reason: "ATTRIBUTED",
  reasonDetail: null,
});
const missed = (reason: string, reasonDetail: string | null = null): Answer => ({
  partner: null,
  commissionCents: 0,
  reason,
  reasonDetail,
});

/** Both trackers right. */
const bothRight = (j: Journey, setting: Setting): JourneyResult => ({
  journey: j,
  setting,
  selgeo: credited(right(j)),
  naive: credited(right(j)),
});

/** A live sale from a test-mode click: Selgeo MODE_MISMATCH, the cookie tracker credits it. */
const mismatch = (setting: Setting, model: Model = "last_click"): JourneyResult => {
  const j = journey("test_live_mismatch", model);
  return { journey: j, setting, selgeo: missed("MODE_MISMATCH"), naive: credited(right(j)) };
};

/** The later click failed and the visitor bought at once: Selgeo misses, the cookie credits. */
const boughtAtOnce = (setting: Setting): JourneyResult => {
  const j = journey("failed_click_buys_at_once");
  return {
    journey: j,
    setting,
    selgeo: missed("CLICK_ID_MISSING", "click_failed_in_browser"),
    naive: credited(right(j)),
  };
};

const recallTargets = (results: JourneyResult[]) =>
  targets(results, RATE).filter((goal) => goal.name.includes("recall"));

describe("truth report: journeys outside the contract", () => {
  it("names a live sale from a test-mode click outside the contract, and nothing else", () => {
    expect(outsideContract(journey("test_live_mismatch"))).toBe(true);
    for (const impairment of ["none", "failed_click_buys_at_once", "late_report"] as const) {
      expect(outsideContract(journey(impairment))).toBe(false);
    }
  });

  it("shows them in the table with their audit reason, scored as they are", () => {
    const [row] = tabulate([mismatch(FULL_RECALL), mismatch(FULL_RECALL)], RATE);
    expect(row?.misses).toEqual({ "MODE_MISMATCH (outside the contract)": 2 });
    expect(row?.selgeo.recall).toBe(0);
    expect(row?.naive.recall).toBe(1);
  });

  it("leaves them out of both trackers' overall recall, and counts them", () => {
    const results = [
      bothRight(journey("none"), FULL_RECALL),
      mismatch(FULL_RECALL),
      mismatch(FULL_RECALL),
    ];
    const [row] = overall(results, RATE);
    expect(row).toMatchObject({ outside: 2, model: "last_click" });
    expect(row?.selgeo).toMatchObject({ journeys: 1, recall: 1 });
    expect(row?.naive).toMatchObject({ journeys: 1, recall: 1 });
  });

  it("does not fail the recall target on them (it would, counted: 0.33 against 1)", () => {
    const results = [
      bothRight(journey("none"), FULL_RECALL),
      mismatch(FULL_RECALL),
      mismatch(FULL_RECALL),
    ];
    const [lastClick] = recallTargets(results);
    expect(lastClick?.status).toBe("holds");
    expect(lastClick?.measured).toContain("1.000 against 1.000");
    expect(lastClick?.measured).toContain("2 outside the contract aside");
  });

  it("their MODE_MISMATCH is an explained miss; an ATTRIBUTED to the wrong partner is not", () => {
    const j = journey("none");
    const wrong: JourneyResult = {
      journey: j,
      setting: OFF,
      selgeo: credited("alice"),
      naive: credited("bob"),
    };
    expect(unexplained([mismatch(OFF), wrong])).toEqual([wrong]);
  });
});

describe("truth report: targets per setting", () => {
  it("holds the recall target under proxy on + by-ref on, not under by-ref off", () => {
    const gapOff = [bothRight(journey("none"), ON), boughtAtOnce(ON)];
    const full = [bothRight(journey("none"), FULL_RECALL)];
    const goals = recallTargets([...gapOff, ...full]);
    expect(goals.find((goal) => goal.name.startsWith("last_click"))?.status).toBe("holds");
  });

  it("fails it when Selgeo's recall under proxy on + by-ref on is below the cookie tracker's", () => {
    const goals = recallTargets([
      bothRight(journey("none"), FULL_RECALL),
      boughtAtOnce(FULL_RECALL),
    ]);
    const lastClick = goals.find((goal) => goal.name.startsWith("last_click"));
    expect(lastClick).toMatchObject({ status: "fails" });
    expect(lastClick?.measured).toContain("0.500 against 1.000");
  });

  it("says 'not measured' when the run left that setting out, and fails nothing for it", () => {
    const goals = targets([bothRight(journey("none"), ON), boughtAtOnce(ON)], RATE);
    expect(goals.filter((goal) => goal.name.includes("recall")).map((goal) => goal.status)).toEqual(
      ["not measured", "not measured"],
    );
    expect(goals.some((goal) => goal.status === "fails")).toBe(false);
  });

  it("holds precision under every setting: a wrong partner with the proxy off fails it", () => {
    const j = journey("none");
    const results = [
      bothRight(journey("none"), FULL_RECALL),
      { journey: j, setting: OFF, selgeo: credited("alice"), naive: credited("bob") },
    ];
    const [precision] = targets(results, RATE);
    expect(precision).toMatchObject({ status: "fails" });
    expect(precision?.measured).toContain("proxy off, by-ref off, last_click, none");
  });

  it("leaves ambiguous journeys out of the precision target", () => {
    const j: Journey = { ...journey("storage_wiped", "first_click") };
    const results = [
      { journey: j, setting: FULL_RECALL, selgeo: credited("bob"), naive: credited("bob") },
      bothRight(journey("none", "first_click"), FULL_RECALL),
    ];
    const [precision] = targets(results, RATE);
    expect(precision?.status).toBe("holds");
  });

  it("measures the gap under by-ref off row by row, with Selgeo's reasons, outside the contract aside", () => {
    const results = [
      bothRight(journey("none"), ON),
      boughtAtOnce(ON),
      mismatch(ON),
      bothRight(journey("none"), FULL_RECALL),
    ];
    const [on, full] = gaps(results, RATE);
    expect(on).toMatchObject({
      setting: ON,
      model: "last_click",
      selgeoRecall: 0.5,
      naiveRecall: 1,
    });
    expect(on?.below.map((row) => [row.impairment, row.misses])).toEqual([
      ["failed_click_buys_at_once", { "CLICK_ID_MISSING/click_failed_in_browser": 1 }],
    ]);
    expect(full).toMatchObject({ setting: FULL_RECALL, below: [] });
  });

  it("tabulates each setting apart, in the order run", () => {
    const rows = tabulate(
      [bothRight(journey("none"), OFF), bothRight(journey("none"), ON), boughtAtOnce(FULL_RECALL)],
      RATE,
    );
    expect(rows.map((row) => [row.setting, row.impairment])).toEqual([
      [OFF, "none"],
      [ON, "none"],
      [FULL_RECALL, "failed_click_buys_at_once"],
    ]);
  });
});
