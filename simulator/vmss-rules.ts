// The server's rules for a snapshot schedule's `schedule` map (xen-api xapi_vmss.ml with map_check.ml):
// which keys each frequency takes, their values, the defaults create and set_frequency fill in, and
// the moments a schedule falls due. Pure; the handlers are in methods/schedules.ts, the timer in
// vmss-scheduler.ts.
import { XapiError } from './xapi-error';

export const FREQUENCIES = ['hourly', 'daily', 'weekly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MINUTES = ['0', '15', '30', '45'];
/** Each frequency's keys with their defaults, in xapi's order. */
const KEYS: Record<Frequency, Record<string, string>> = {
  hourly: { min: '0' },
  daily: { hour: '0', min: '0' },
  weekly: { hour: '0', min: '0', days: 'Monday' },
};
type Schedule = Record<string, string>;

/** Map_check.err: INVALID_VALUE ["schedule:<key>", value]. */
const invalid = (key: string, value: string) => new XapiError('INVALID_VALUE', [`schedule:${key}`, value]);
const pick = (value: string, range: string[]) => range.find((r) => r.toLowerCase() === value.toLowerCase());

/** One key's value checked and spelled as xapi stores it (enum values case-insensitive). */
function checkValue(key: string, value: string): string {
  if (key === 'min') { const v = pick(value, MINUTES); if (v === undefined) throw invalid(key, value); return v; }
  if (key === 'hour') {
    if (!/^-?\d+$/.test(value.trim())) throw invalid(key, value);
    const h = Number(value);
    if (h < 0 || h > 23) throw invalid(key, value);
    return value;
  }
  if (key === 'days') {
    // A comma-separated set: each a day, none twice (the whole value is named then).
    const out: string[] = [];
    for (const part of value.split(',')) {
      const d = pick(part, DAYS);
      if (d === undefined) throw invalid(key, part);
      if (out.includes(d)) throw invalid(key, value);
      out.push(d);
    }
    return out.join(',');
  }
  throw invalid(key, value);
}

/** Checks `given` against `keys` (an unknown key is INVALID_VALUE) and returns it checked. */
function checkKeys(given: Schedule, keys: Record<string, string>): Schedule {
  const out: Schedule = {};
  for (const [k, v] of Object.entries(given)) {
    if (!(k in keys)) throw invalid(k, String(v));
    out[k] = checkValue(k, String(v));
  }
  return out;
}

export function isFrequency(v: unknown): v is Frequency {
  return typeof v === 'string' && (FREQUENCIES as readonly string[]).includes(v);
}

/** create and set_frequency (assert_all_keys): the frequency's keys only, missing ones at their
 * defaults, `given` overriding `current`. */
export function scheduleForFrequency(frequency: Frequency, given: Schedule, current: Schedule = {}): Schedule {
  const keys = KEYS[frequency];
  const merged = { ...current, ...given };
  const out: Schedule = {};
  for (const [k, dflt] of Object.entries(keys)) out[k] = checkValue(k, String(merged[k] ?? dflt));
  return out;
}

/** create's first check: every given key belongs to the frequency and has a valid value. */
export function checkCreateSchedule(frequency: Frequency, given: Schedule): void {
  checkKeys(given, KEYS[frequency]);
}

/** set_schedule / add_to_schedule (assert_keys against every frequency's keys): `given` merged over
 * `current`, every key known to some frequency, every value valid. */
export function mergeSchedule(given: Schedule, current: Schedule): Schedule {
  return checkKeys({ ...current, ...given }, { min: '', hour: '', days: '' });
}

const DAY_INDEX: Record<string, number> = { Sunday: 0, Monday: 1, Tuesday: 2, Wednesday: 3, Thursday: 4, Friday: 5, Saturday: 6 };

/** The latest moment at or before `now` (ms, the pool's clock, UTC) when the schedule falls due;
 * undefined when its map does not name one (a weekly schedule without days). */
export function lastDueAt(frequency: string, schedule: Schedule, now: number): number | undefined {
  const min = Number(schedule.min ?? 0);
  const hour = Number(schedule.hour ?? 0);
  const d = new Date(now);
  if (frequency === 'hourly') {
    const t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), min);
    return t <= now ? t : t - 3600_000;
  }
  const today = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour, min);
  if (frequency === 'daily') return today <= now ? today : today - 86400_000;
  if (frequency !== 'weekly') return undefined;
  const days = (schedule.days ?? '').split(',').map((s) => DAY_INDEX[pick(s.trim(), DAYS) ?? '']).filter((n) => n !== undefined);
  let best: number | undefined;
  for (const day of days) {
    const back = (d.getUTCDay() - day + 7) % 7;
    let t = today - back * 86400_000;
    if (t > now) t -= 7 * 86400_000;
    if (best === undefined || t > best) best = t;
  }
  return best;
}
