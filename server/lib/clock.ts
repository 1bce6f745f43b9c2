/** Time comes through the services so tests can move it without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests set and advance by hand. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: Date | string = "2026-01-15T12:00:00.000Z") {
    this.#now = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#now);
  }
  set(to: Date | string): void {
    this.#now = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * Every stored time is an ISO-8601 UTC string with milliseconds: sortable as text everywhere.
 * Exactly Date#toISOString for years 1000–9999 (the others, and invalid dates, go to it), in
 * less than half its time: V8 formats it through a printf-style formatter, and a click stores
 * several times.
 */
export function toIso(date: Date): string {
  const year = date.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) return date.toISOString();
  const ms = date.getUTCMilliseconds();
  return `${year}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}T${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}.${ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : ms}Z`;
}
