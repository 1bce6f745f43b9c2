// The truth benchmark's results as a table: per model and impairment, Selgeo beside the naive
// cookie tracker, and why Selgeo missed what it missed (its audit reasons).
import {
  type Answer,
  ambiguous,
  type Impairment,
  type Journey,
  type Model,
  type Score,
  score,
  truthOf,
} from "./truth-journeys";

export interface JourneyResult {
  journey: Journey;
  selgeo: Answer;
  naive: Answer;
}

export interface Row {
  model: Model;
  impairment: Impairment;
  selgeo: Score;
  naive: Score;
  /** Selgeo's misses (right partner not credited), counted by reason[/detail]. */
  misses: Record<string, number>;
}

export function tabulate(results: JourneyResult[], rate: number): Row[] {
  const rows: Row[] = [];
  const cells = new Map<string, JourneyResult[]>();
  for (const result of results) {
    const key = `${result.journey.model}|${result.journey.impairment}`;
    cells.set(key, [...(cells.get(key) ?? []), result]);
  }
  for (const [key, cell] of cells) {
    const [model, impairment] = key.split("|") as [Model, Impairment];
    const misses: Record<string, number> = {};
    for (const { journey, selgeo } of cell) {
      if (truthOf(journey) && selgeo.partner !== truthOf(journey)) {
        const why =
          (selgeo.reasonDetail
            ? `${selgeo.reason}/${selgeo.reasonDetail}`
            : String(selgeo.reason)) +
          (ambiguous(journey) ? " (ambiguous: the first link was wiped)" : "");
        misses[why] = (misses[why] ?? 0) + 1;
      }
    }
    rows.push({
      model,
      impairment,
      selgeo: score(
        cell.map((r) => ({ journey: r.journey, answer: r.selgeo })),
        rate,
      ),
      naive: score(
        cell.map((r) => ({ journey: r.journey, answer: r.naive })),
        rate,
      ),
      misses,
    });
  }
  return rows;
}

/**
 * Misses whose audit reason does not say why (an ATTRIBUTED decision to the wrong partner),
 * ambiguous journeys aside.
 */
export function unexplained(results: JourneyResult[]): JourneyResult[] {
  return results.filter(
    (r) =>
      truthOf(r.journey) &&
      !ambiguous(r.journey) &&
      r.selgeo.partner !== truthOf(r.journey) &&
      (!r.selgeo.reason || r.selgeo.reason === "ATTRIBUTED"),
  );
}

const pct = (value: number) => value.toFixed(2);

export function markdownTable(rows: Row[]): string {
  const lines = [
    "| Model | Impairment | n | Selgeo precision | Selgeo recall | Selgeo commission error | Cookie precision | Cookie recall | Cookie commission error | Selgeo's misses (audit reason) |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const row of rows) {
    const misses = Object.entries(row.misses)
      .map(([why, n]) => `${why} ×${n}`)
      .join(", ");
    lines.push(
      `| ${row.model} | ${row.impairment} | ${row.selgeo.journeys} | ${pct(row.selgeo.precision)} | ${pct(row.selgeo.recall)} | ${pct(row.selgeo.commissionError)} | ${pct(row.naive.precision)} | ${pct(row.naive.recall)} | ${pct(row.naive.commissionError)} | ${misses || "—"} |`,
    );
  }
  return lines.join("\n");
}
