// The period integration health reports on: `created[gte]` / `created[lt]` as the lists take them,
// the last seven days by default; counts are per UTC day, so the days it touches. Pure.
import { DEFAULT_HEALTH_DAYS, MAX_HEALTH_DAYS } from "../contract/schemas/health";
import type { HealthPeriod } from "./read";

const DAY_MS = 86_400_000;

export function healthPeriod(
  now: Date,
  gte: string | undefined,
  lt: string | undefined,
): HealthPeriod | string {
  // By default the period ends now, this very millisecond included.
  const end = lt ? new Date(lt) : new Date(now.getTime() + 1);
  const start = gte ? new Date(gte) : new Date(end.getTime() - DEFAULT_HEALTH_DAYS * DAY_MS);
  if (start.getTime() >= end.getTime()) return "created[gte] must be before created[lt].";
  if (end.getTime() - start.getTime() > MAX_HEALTH_DAYS * DAY_MS) {
    return `The period is at most ${MAX_HEALTH_DAYS} days.`;
  }
  return {
    gte: start.toISOString(),
    lt: end.toISOString(),
    fromDay: start.toISOString().slice(0, 10),
    // The last day with a moment inside the period.
    toDay: new Date(end.getTime() - 1).toISOString().slice(0, 10),
  };
}
