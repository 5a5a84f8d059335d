// KSeF compares the issue date (P_1) with the day it received the invoice, and a Polish invoice's
// day is the day in Poland: 23:30 UTC on 31 March is already 1 April in Warsaw.
const WARSAW_DAY = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Warsaw',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Poland at `at`, as `YYYY-MM-DD`. */
export function polishDate(at: Date): string {
  const parts = Object.fromEntries(WARSAW_DAY.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** True for an existing calendar day written as `YYYY-MM-DD` (no 30 February). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}
