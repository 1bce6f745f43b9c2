// Dates as the dashboard shows them: times in the viewer's own time zone, days (the API's
// aggregates and filters) in UTC, which every label that means a day says.

const DAY_MS = 86_400_000;

export const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last `days` UTC days, today included. */
export function lastDays(days: number, now = Date.now()): { from: string; to: string } {
  return { from: utcDate(now - (days - 1) * DAY_MS), to: utcDate(now) };
}

const dateTime = new Intl.DateTimeFormat(undefined, {
  dateStyle: "medium",
  timeStyle: "short",
});
const full = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "long" });
const dayLabel = new Intl.DateTimeFormat(undefined, {
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));
export const formatFull = (iso: string) => full.format(new Date(iso));
export const formatDay = (date: string) => dayLabel.format(new Date(`${date}T00:00:00Z`));

/** A date input's value (YYYY-MM-DD) as the start of that UTC day, for created[gte]. */
export const startOfDay = (date: string) => `${date}T00:00:00Z`;
/** The day after a date input's value, for an inclusive created[lt] bound. */
export const endOfDay = (date: string) => utcDate(Date.parse(`${date}T00:00:00Z`) + DAY_MS);
