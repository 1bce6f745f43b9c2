// The truth benchmark's journeys and scores (npm run bench:truth, docs/attribution-truth.md):
// seeded visitor journeys whose right answer is known, and how a tracker's answers score against
// it. Pure: the browser and the server are driven by truth-world.ts.

/** What can go wrong in a journey; each journey has at most one. */
export const IMPAIRMENTS = [
  "none",
  /** The later partner link's click request fails (the network drops it, once). */
  "failed_click",
  /** The same, and the visitor buys on that very page, before any retry. */
  "failed_click_buys_at_once",
  /** Cookies and localStorage wiped between visits (Safari's cap on script-written storage). */
  "storage_wiped",
  /** The merchant's server reports the sale without the click id. */
  "forgets_click_id",
  /** An ad blocker drops every request to the API (not the merchant's own page scripts). */
  "blocker_api",
  /** An ad blocker drops the snippet itself. */
  "blocker_snippet",
  /** The sale is reported with a live key for a click made with the test key. */
  "test_live_mismatch",
  /** The visitor buys on another device. */
  "cross_device",
  /**
   * The visitor buys after the first link; the merchant reports the sale only after the second
   * link was followed, with the click id the page gives then and the sale's own occurred_at.
   */
  "late_report",
] as const;
export type Impairment = (typeof IMPAIRMENTS)[number];

export type Model = "last_click" | "first_click";
export type Purchase = "api" | "payment_link";

export interface Journey {
  id: number;
  model: Model;
  /** Partner refs in the order the visitor followed their links (1 or 2). */
  links: string[];
  /** Page views without a ref between the last link and the purchase. */
  laterViews: number;
  purchase: Purchase;
  amountCents: number;
  impairment: Impairment;
}

/** The partner a correct tracker credits, or null when nobody should be. */
export function truthOf(journey: Journey): string | null {
  // A late report's sale happened after the first link: only that link can have earned it.
  const links = journey.impairment === "late_report" ? journey.links.slice(0, 1) : journey.links;
  return (journey.model === "last_click" ? links[links.length - 1] : links[0]) ?? null;
}

/**
 * A journey no tracker can get right from the visitor's browser: under first_click, storage wiped
 * between the two links leaves nothing of the first one, so the second looks like the first.
 * Scored like any other, but named, and not held to the precision target.
 */
export function ambiguous(journey: Journey): boolean {
  return (
    journey.impairment === "storage_wiped" &&
    journey.model === "first_click" &&
    journey.links.length > 1 &&
    journey.links[0] !== journey.links[1]
  );
}

/**
 * A journey whose right partner the contract forbids crediting: a live-mode sale from a test-mode
 * click (test and live never mix, DESIGN.md). Selgeo answers MODE_MISMATCH and surfaces it loudly
 * (audit log, integration health, the doctor); crediting it would let test data pay partners.
 * Scored and shown like any other, with its audit reason, but left out of the recall comparison
 * for every tracker: a tracker without modes gains nothing by missing what it cannot see.
 */
export function outsideContract(journey: Journey): boolean {
  return journey.impairment === "test_live_mismatch";
}

/** mulberry32: small, fast and the same on every machine, so a seed names a run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface JourneyPlan {
  seed: number;
  /** Journeys per impairment and model. */
  perCell: number;
  impairments: readonly Impairment[];
  models: readonly Model[];
  /** Partner refs per model: [first partner, second partner]. */
  partners: Record<Model, [string, string]>;
}

export function generateJourneys(plan: JourneyPlan): Journey[] {
  const random = seededRandom(plan.seed);
  const journeys: Journey[] = [];
  for (const impairment of plan.impairments) {
    for (const model of plan.models) {
      const [a, b] = plan.partners[model];
      for (let i = 0; i < plan.perCell; i++) {
        // A failed later click needs a later link; elsewhere half the visitors follow two.
        const twoLinks =
          impairment.startsWith("failed_click") || impairment === "late_report" || random() < 0.5;
        journeys.push({
          id: journeys.length,
          model,
          links: twoLinks ? [a, b] : [random() < 0.5 ? a : b],
          laterViews: impairment === "failed_click" ? 1 : random() < 0.5 ? 1 : 0,
          purchase: random() < 0.5 ? "api" : "payment_link",
          amountCents: 1000 + Math.floor(random() * 90) * 100,
          impairment,
        });
      }
    }
  }
  return journeys;
}

/** What a tracker answered for a journey. */
export interface Answer {
  /** The partner credited, or null. */
  partner: string | null;
  commissionCents: number;
  /** Selgeo's reason and reason_detail (the naive tracker has none). */
  reason?: string;
  reasonDetail?: string | null;
}

export interface Score {
  journeys: number;
  /** Journeys credited to someone. */
  credited: number;
  correct: number;
  wrong: number;
  /** correct / credited (1 when nothing was credited: no wrong partner was paid). */
  precision: number;
  /** correct / journeys with a right partner. */
  recall: number;
  /** (commission missed or overpaid to the right partner + paid to a wrong one) / commission due. */
  commissionError: number;
}

/** `rate`: the program's commission rate, for what each sale should have paid. */
export function score(results: { journey: Journey; answer: Answer }[], rate: number): Score {
  let credited = 0;
  let correct = 0;
  let due = 0;
  let error = 0;
  let withTruth = 0;
  for (const { journey, answer } of results) {
    const truth = truthOf(journey);
    const owed = truth ? Math.round(journey.amountCents * rate) : 0;
    due += owed;
    if (truth) withTruth++;
    if (answer.partner) credited++;
    if (answer.partner && answer.partner === truth) {
      correct++;
      error += Math.abs(owed - answer.commissionCents);
    } else {
      error += owed + (answer.partner ? answer.commissionCents : 0);
    }
  }
  return {
    journeys: results.length,
    credited,
    correct,
    wrong: credited - correct,
    precision: credited === 0 ? 1 : correct / credited,
    recall: withTruth === 0 ? 1 : correct / withTruth,
    commissionError: due === 0 ? 0 : error / due,
  };
}
