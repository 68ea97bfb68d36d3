// Pure: a snapshot schedule (VMSS) in words and back. The frequency as XenCenter words it, the
// `schedule` map exactly as xapi takes it (hourly {min}; daily {hour, min}; weekly {hour, min, days};
// min a quarter hour), the next run (XenCenter's VMSS.GetNextRunTime, on the server's wall clock:
// server-clock.ts), the snapshot type's words and the last run's result from the schedule's messages.
import type { VmssFrequency, VmssType } from '../../../../shared/xapi/types.generated';

export type Frequency = VmssFrequency;
export type SnapshotType = VmssType;
export const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export type Day = (typeof DAYS)[number];
export const QUARTERS = [0, 15, 30, 45] as const;

/** What the Snapshot Schedule page chooses. */
export interface ScheduleChoice {
  frequency: Frequency;
  /** Minute of the hour: 0, 15, 30 or 45. */
  min: number;
  /** Hour of the day, 0..23 (daily and weekly). */
  hour: number;
  /** Days of the week (weekly), in week order. */
  days: Day[];
}

export const DEFAULT_CHOICE: ScheduleChoice = { frequency: 'daily', min: 0, hour: 0, days: ['Monday'] };

export const TYPE_WORDS: Record<SnapshotType, string> = {
  snapshot: 'Disk snapshots',
  checkpoint: 'Disk and memory snapshots',
  snapshot_with_quiesce: 'Quiesced snapshots',
};

export const typeWords = (t: unknown): string => (typeof t === 'string' && Object.hasOwn(TYPE_WORDS, t) ? TYPE_WORDS[t as SnapshotType] : String(t ?? ''));

const pad = (n: number) => String(n).padStart(2, '0');
export const clockText = (hour: number, min: number): string => `${pad(hour)}:${pad(min)}`;

/** The `schedule` map VMSS.create / set_schedule take for the choice: that frequency's keys only. */
export function scheduleMap(c: ScheduleChoice): Record<string, string> {
  if (c.frequency === 'hourly') return { min: String(c.min) };
  if (c.frequency === 'daily') return { hour: String(c.hour), min: String(c.min) };
  return { hour: String(c.hour), min: String(c.min), days: sortDays(c.days).join(',') };
}

export function sortDays(days: readonly string[]): Day[] {
  return DAYS.filter((d) => days.some((x) => x.toLowerCase() === d.toLowerCase()));
}

const int = (v: unknown, dflt: number) => { const n = Number(v); return Number.isInteger(n) ? n : dflt; };

/** A record's frequency and map as the page's choice (unknown values fall back to the defaults). */
export function choiceOf(frequency: unknown, schedule: unknown): ScheduleChoice {
  const m = (schedule && typeof schedule === 'object' ? schedule : {}) as Record<string, unknown>;
  const f: Frequency = frequency === 'hourly' || frequency === 'weekly' ? frequency : 'daily';
  const days = sortDays(String(m.days ?? '').split(/[ ,]+/));
  return { frequency: f, min: int(m.min, 0), hour: int(m.hour, 0), days: days.length ? days : ['Monday'] };
}

/** XenCenter's words: "Hourly; at 15 minutes past each hour", "Daily; at 02:30", "Weekly; at 02:30 every Monday, Friday". */
export function frequencyWords(frequency: unknown, schedule: unknown): string {
  const c = choiceOf(frequency, schedule);
  if (frequency === 'hourly') return `Hourly; at ${c.min} minutes past each hour`;
  if (frequency === 'daily') return `Daily; at ${clockText(c.hour, c.min)}`;
  if (frequency === 'weekly') return `Weekly; at ${clockText(c.hour, c.min)} every ${c.days.join(', ')}`;
  return 'Unknown';
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const DAY_INDEX: Record<Day, number> = { Sunday: 0, Monday: 1, Tuesday: 2, Wednesday: 3, Thursday: 4, Friday: 5, Saturday: 6 };

/** The next run at or after `now` (ms) on the server's wall clock (ms read as UTC: server-clock.ts), as XenCenter's GetNextRunTime; undefined
 * for a weekly schedule without days. */
export function nextRun(c: ScheduleChoice, now: number): number | undefined {
  const d = new Date(now);
  if (c.frequency === 'hourly') {
    const t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), c.min);
    return now > t ? t + HOUR : t;
  }
  const today = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), c.hour, c.min);
  if (c.frequency === 'daily') return now > today ? today + DAY : today;
  let best: number | undefined;
  for (const day of c.days) {
    const ahead = (DAY_INDEX[day] - d.getUTCDay() + 7) % 7;
    let t = today + ahead * DAY;
    if (t < now) t += 7 * DAY;
    if (best === undefined || t < best) best = t;
  }
  return best;
}

/** "Mon 07 Dec 2026 14:30": a moment on the server's wall clock (ms read as UTC). */
export function serverTimeText(ms: number): string {
  const d = new Date(ms);
  const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mo = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${wd} ${pad(d.getUTCDate())} ${mo} ${d.getUTCFullYear()} ${clockText(d.getUTCHours(), d.getUTCMinutes())}`;
}

export interface ScheduleMessage { name: string; timestamp: number; body: string }

/** The last run from the schedule's messages (newest first): its result in words, when and what it said. */
export function lastResult(messages: readonly ScheduleMessage[]): { words: string; failed: boolean; at?: number; body?: string } {
  const runs = messages.filter((m) => m.name.startsWith('VMSS_')).sort((a, b) => b.timestamp - a.timestamp);
  const m = runs[0];
  if (!m) return { words: 'Not yet run', failed: false };
  const words = m.name === 'VMSS_SNAPSHOT_SUCCEEDED' ? 'Succeeded'
    : m.name === 'VMSS_SNAPSHOT_FAILED' ? 'Failed'
      : m.name === 'VMSS_SNAPSHOT_MISSED_EVENT' ? 'Missed' : m.name.replace(/^VMSS_/, '').replace(/_/g, ' ').toLowerCase();
  return { words, failed: m.name !== 'VMSS_SNAPSHOT_SUCCEEDED', at: m.timestamp, body: m.body };
}

/** Problems of the name and the retention (the pages' lists). */
export function nameProblems(name: string): string[] {
  return name.trim() ? [] : ['Enter a name for the snapshot schedule'];
}
export function scheduleProblems(c: ScheduleChoice, retained: number): string[] {
  const out: string[] = [];
  if (c.frequency === 'weekly' && c.days.length === 0) out.push('Choose at least one day of the week');
  if (!(Number.isInteger(retained) && retained >= 1 && retained <= 10)) out.push('Keep between 1 and 10 snapshots');
  return out;
}
