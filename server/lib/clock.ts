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

/** Every stored time is an ISO-8601 UTC string with milliseconds: sortable as text everywhere. */
export function toIso(date: Date): string {
  return date.toISOString();
}
