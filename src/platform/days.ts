// The studio's calendar days: Copenhagen's, whatever zone the server runs in. Audit filters, takedown, exhibition,
// sale and consignment dates are typed as days (YYYY-MM-DD); instants are compared with them through these.
import { BadRequestError } from './errors.js';

const ZONE = 'Europe/Copenhagen';
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const isoDay = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  timeZone: ZONE,
});

/** The studio's calendar day (Copenhagen) of an instant, as YYYY-MM-DD. */
export function dayOf(instant: Date): string {
  return isoDay.format(instant);
}

/** A real calendar day typed as YYYY-MM-DD (no 2024-02-30). */
export function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** `value` when it is a real calendar day; else the API's 400 naming `field` of the body. */
export function requireDay(value: string, field: string): string {
  if (!isDay(value)) throw new BadRequestError(`body.${field}: not a date (YYYY-MM-DD)`, { field });
  return value;
}

const zoneParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Copenhagen's offset from UTC at an instant, in milliseconds. */
function zoneOffset(instant: number): number {
  const parts = Object.fromEntries(zoneParts.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return local - Math.floor(instant / 1000) * 1000;
}

/** The instant a Copenhagen day (YYYY-MM-DD) begins. */
export function startOfDay(day: string): Date {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  let instant = utcMidnight - zoneOffset(utcMidnight);
  instant = utcMidnight - zoneOffset(instant);
  return new Date(instant);
}

/** The day after YYYY-MM-DD. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
