// The Alerts page's form (XenCenter's PerfmonAlertEditPage) for a VM, host or SR: one row per alert the
// class offers (on or off, the threshold and the minutes as typed), the repeat interval, made from the
// object's other_config:perfmon; the checks of what was typed, in words; and the settings to send when
// anything changed. Pure.
import {
  ALERT_KINDS, CLASS_ALERTS, INTERVAL_MAX, INTERVAL_MIN, INTERVAL_STEP, PERFMON_KEY, PERIOD_MAX, PERIOD_MIN, readPerfmon,
  type AlertName, type PerfmonClass, type PerfmonSettings,
} from '../../../shared/perfmon/alerts';

type Rec = Record<string, unknown>;

export interface AlertRow { on: boolean; threshold: string; minutes: string }
export interface AlertsForm {
  rows: Partial<Record<AlertName, AlertRow>>;
  interval: string;
  /** Why the stored value cannot be shown (the page is then read-only and sends nothing). */
  unreadable?: string;
}

const perfmonXml = (rec: Rec | undefined): string | undefined => {
  const oc = typeof rec?.other_config === 'object' && rec.other_config !== null ? rec.other_config as Record<string, unknown> : {};
  return typeof oc[PERFMON_KEY] === 'string' ? oc[PERFMON_KEY] : undefined;
};

/** `controlDomain`: a server's control domain record, which holds its control domain memory alert. */
export function alertsFormOf(cls: PerfmonClass, rec: Rec, controlDomain?: Rec): AlertsForm {
  let settings: PerfmonSettings = { alerts: {}, intervalMinutes: 60 };
  let unreadable: string | undefined;
  try { settings = readPerfmon(cls, perfmonXml(rec), perfmonXml(controlDomain)); } catch (e) { unreadable = (e as Error).message; }
  const rows: AlertsForm['rows'] = {};
  for (const name of CLASS_ALERTS[cls]) {
    const a = settings.alerts[name];
    rows[name] = a ? { on: true, threshold: String(a.threshold), minutes: String(a.minutes) } : { on: false, threshold: String(ALERT_KINDS[name].initial), minutes: '1' };
  }
  return { rows, interval: String(settings.intervalMinutes), ...(unreadable ? { unreadable } : {}) };
}

const number = (t: string): number => (/^\s*\d+(\.\d{1,6})?\s*$/.test(t) ? Number(t) : NaN);
const whole = (t: string): number => (/^\s*\d+\s*$/.test(t) ? Number(t) : NaN);

/** The field a problem belongs to: an alert's threshold or minutes, or the interval. */
export type AlertField = `${AlertName}.threshold` | `${AlertName}.minutes` | 'interval';
export interface AlertProblem { field: AlertField; message: string }

/** What is wrong with what was typed (only the alerts that are on are checked). `memoryMiB`: a host's memory, the free-memory threshold's maximum. */
export function alertsProblems(cls: PerfmonClass, f: AlertsForm, memoryMiB?: number): AlertProblem[] {
  if (f.unreadable) return [];
  const out: AlertProblem[] = [];
  for (const name of CLASS_ALERTS[cls]) {
    const r = f.rows[name];
    if (!r?.on) continue;
    const k = ALERT_KINDS[name];
    const max = name === 'memory_free_kib' && memoryMiB ? Math.max(k.min, Math.floor(memoryMiB)) : k.max;
    const t = number(r.threshold);
    if (!(t >= k.min && t <= max)) out.push({ field: `${name}.threshold`, message: `Enter a number from ${k.min} to ${max.toLocaleString('en-US')} ${k.unit}.` });
    const m = whole(r.minutes);
    if (!(m >= PERIOD_MIN && m <= PERIOD_MAX)) out.push({ field: `${name}.minutes`, message: `Enter a whole number of minutes from ${PERIOD_MIN} to ${PERIOD_MAX}.` });
  }
  // The interval is enabled (and matters) only while an alert is on.
  const i = whole(f.interval);
  if (out.length === 0 && !CLASS_ALERTS[cls].some((n) => f.rows[n]?.on)) return out;
  if (!(i >= INTERVAL_MIN && i <= INTERVAL_MAX) || i % INTERVAL_STEP !== 0) {
    out.push({ field: 'interval', message: `The alert repeat interval must be a multiple of ${INTERVAL_STEP} minutes, from ${INTERVAL_MIN} to ${INTERVAL_MAX.toLocaleString('en-US')}.` });
  }
  return out;
}

function settingsOf(cls: PerfmonClass, f: AlertsForm): PerfmonSettings {
  const alerts: PerfmonSettings['alerts'] = {};
  for (const name of CLASS_ALERTS[cls]) {
    const r = f.rows[name];
    if (r?.on) alerts[name] = { threshold: number(r.threshold), minutes: whole(r.minutes) };
  }
  return { alerts, intervalMinutes: Object.keys(alerts).length ? whole(f.interval) : 60 };
}

/** The settings to send, or undefined when nothing on the page changed (or it cannot be edited). */
export function alertsChanges(cls: PerfmonClass, before: AlertsForm, after: AlertsForm): PerfmonSettings | undefined {
  if (after.unreadable) return undefined;
  const a = settingsOf(cls, before), b = settingsOf(cls, after);
  return JSON.stringify(a) === JSON.stringify(b) ? undefined : b;
}
