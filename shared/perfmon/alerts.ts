// XenCenter's performance alerts (PerfmonAlertEditPage, PerfmonDefinition): which alerts each class
// offers, their units in the dialog and in xapi, and other_config:perfmon read into the dialog's
// settings and written back from them. Variables the dialog does not know (set with xe, or by a later
// XenCenter) are kept as they are; the known ones are written in XenCenter's order and form.
import { scaleDecimal } from './decimal';
import { parseXml, PerfmonXmlError, writeXml, type XmlElement } from './xml';

export const PERFMON_KEY = 'perfmon';

export type PerfmonClass = 'VM' | 'host' | 'SR';
export type AlertName = 'cpu_usage' | 'network_usage' | 'disk_usage' | 'memory_free_kib' | 'mem_usage' | 'sr_io_throughput_total_per_host';

export interface AlertKind {
  name: AlertName;
  /** The check box, the threshold's label and its unit, as XenCenter words them. */
  check: string;
  label: string;
  unit: string;
  /** xapi value = dialog value × mul ÷ div. */
  mul: number;
  div: number;
  min: number;
  max: number;
  /** XenCenter's starting value of the threshold. */
  initial: number;
}

const BIG = 2_147_483_647;
export const ALERT_KINDS: Record<AlertName, AlertKind> = {
  // xapi's trigger level is a fraction; the dialog shows a percentage.
  cpu_usage: { name: 'cpu_usage', check: 'Generate CPU usage alerts', label: 'When CPU usage exceeds', unit: '%', mul: 1, div: 100, min: 5, max: 100, initial: 50 },
  // B/s in xapi, KB/s in the dialog.
  network_usage: { name: 'network_usage', check: 'Generate network usage alerts', label: 'When network usage exceeds', unit: 'KB/s', mul: 1024, div: 1, min: 1, max: BIG, initial: 100 },
  disk_usage: { name: 'disk_usage', check: 'Generate disk usage alerts', label: 'When disk usage exceeds', unit: 'KB/s', mul: 1024, div: 1, min: 1, max: BIG, initial: 1000 },
  // KiB in xapi, MB in the dialog (at most the server's memory).
  memory_free_kib: { name: 'memory_free_kib', check: 'Generate memory usage alerts', label: 'When free memory falls below', unit: 'MB', mul: 1024, div: 1, min: 1, max: BIG, initial: 1000 },
  // A fraction in xapi, a percentage in the dialog; a server's, but kept in its control domain's other_config.
  mem_usage: { name: 'mem_usage', check: 'Generate control domain memory usage alerts', label: 'When control domain memory usage exceeds', unit: '%', mul: 1, div: 100, min: 5, max: 100, initial: 95 },
  // MiB/s in xapi, KB/s in the dialog.
  sr_io_throughput_total_per_host: { name: 'sr_io_throughput_total_per_host', check: 'Generate storage throughput alerts', label: 'When SR throughput for any host exceeds', unit: 'KB/s', mul: 1, div: 1024, min: 1, max: BIG, initial: 1000 },
};

/** The alerts of each class, in XenCenter's order (also the order they are written in). */
export const CLASS_ALERTS: Record<PerfmonClass, AlertName[]> = {
  VM: ['cpu_usage', 'network_usage', 'disk_usage'],
  host: ['cpu_usage', 'network_usage', 'memory_free_kib', 'mem_usage'],
  SR: ['sr_io_throughput_total_per_host'],
};

/** The alerts of a server that XenCenter keeps on its control domain (PerfmonDefinitionAction): a VM variable there. */
export const CONTROL_DOMAIN_ALERTS: AlertName[] = ['mem_usage'];
/** The alerts stored in this object's own other_config:perfmon. */
const ownAlerts = (cls: PerfmonClass): AlertName[] => CLASS_ALERTS[cls].filter((n) => cls !== 'host' || !CONTROL_DOMAIN_ALERTS.includes(n));

/** Minutes: "for longer than" 1..60, the repeat interval 5..86400 in steps of 5 (XenCenter's limits). */
export const PERIOD_MIN = 1;
export const PERIOD_MAX = 60;
export const INTERVAL_MIN = 5;
export const INTERVAL_MAX = 86_400;
export const INTERVAL_STEP = 5;
/** perfmon's defaults when a variable leaves them out: 60 s, 3600 s. */
export const DEFAULT_PERIOD_S = 60;
export const DEFAULT_INHIBIT_S = 3600;

/** One alert as the dialog shows it: the threshold in the dialog's unit, the minutes. */
export interface AlertSetting { threshold: number; minutes: number }
/** The dialog's alerts of one object: each enabled alert, and the one repeat interval (minutes). */
export interface PerfmonSettings { alerts: Partial<Record<AlertName, AlertSetting>>; intervalMinutes: number }

const valueOf = (v: XmlElement, child: string): string | undefined =>
  v.children.find((c) => c.name === child)?.attrs.find(([k]) => k === 'value')?.[1];

/** The <variable> elements of a perfmon value; [] for none. Throws PerfmonXmlError when it is not a perfmon config. */
export function perfmonVariables(xml: string | undefined): XmlElement[] {
  if (xml === undefined || xml.trim() === '') return [];
  const root = parseXml(xml);
  if (root.name !== 'config') throw new PerfmonXmlError(`the document element is <${root.name}>, not <config>`);
  return root.children.filter((c) => c.name === 'variable');
}

const num = (text: string | undefined, mul: number, div: number): number | undefined => {
  const s = text === undefined ? undefined : scaleDecimal(text, mul, div);
  return s === undefined ? undefined : Number(s);
};

/**
 * The dialog's settings from other_config:perfmon: an alert is on when its variable has a trigger
 * level (XenCenter's HasValueSet); the interval is the alerts' inhibit period (60 minutes when none).
 */
export function readPerfmon(cls: PerfmonClass, xml: string | undefined, controlDomainXml?: string): PerfmonSettings {
  const out: PerfmonSettings = { alerts: {}, intervalMinutes: 60 };
  let interval: number | undefined;
  const own = ownAlerts(cls);
  const vars = [...perfmonVariables(xml).map((v) => [v, own] as const),
    ...(cls === 'host' ? perfmonVariables(controlDomainXml).map((v) => [v, CONTROL_DOMAIN_ALERTS] as const) : [])];
  for (const [v, names] of vars) {
    const name = valueOf(v, 'name');
    if (!name || !(names as string[]).includes(name)) continue;
    const kind = ALERT_KINDS[name as AlertName];
    const threshold = num(valueOf(v, 'alarm_trigger_level'), kind.div, kind.mul);
    if (threshold === undefined) continue;
    const minutes = num(valueOf(v, 'alarm_trigger_period') ?? String(DEFAULT_PERIOD_S), 1, 60) ?? 1;
    out.alerts[kind.name] = { threshold, minutes };
    interval ??= num(valueOf(v, 'alarm_auto_inhibit_period') ?? String(DEFAULT_INHIBIT_S), 1, 60);
  }
  if (interval !== undefined) out.intervalMinutes = interval;
  return out;
}

const valueEl = (name: string, value: string): XmlElement => ({ name, attrs: [['value', value]], children: [] });
const STANDARD = new Set(['name', 'alarm_trigger_level', 'alarm_trigger_period', 'alarm_auto_inhibit_period']);

/**
 * The new other_config:perfmon for `settings`, or null when no variable is left (the key is removed).
 * The class's alerts are replaced (kept only when enabled); other variables are kept, after them.
 * A server's control domain alerts are not written here: writeControlDomainPerfmon.
 */
export function writePerfmon(cls: PerfmonClass, current: string | undefined, settings: PerfmonSettings): string | null {
  return writeVariables(ownAlerts(cls), current, settings);
}

/** The new other_config:perfmon of a server's control domain (a VM) for the server's settings; null: none left. */
export function writeControlDomainPerfmon(current: string | undefined, settings: PerfmonSettings): string | null {
  return writeVariables(CONTROL_DOMAIN_ALERTS, current, settings);
}

function writeVariables(names: AlertName[], current: string | undefined, settings: PerfmonSettings): string | null {
  const existing = perfmonVariables(current);
  const known = new Set<string>(names);
  const out: XmlElement[] = [];
  const inhibit = scaleDecimal(String(settings.intervalMinutes), 60, 1)!;
  for (const name of names) {
    const a = settings.alerts[name];
    if (!a) continue;
    const kind = ALERT_KINDS[name];
    const old = existing.find((v) => valueOf(v, 'name') === name);
    out.push({
      name: 'variable',
      attrs: [],
      children: [
        valueEl('name', name),
        valueEl('alarm_trigger_level', scaleDecimal(String(a.threshold), kind.mul, kind.div)!),
        valueEl('alarm_trigger_period', scaleDecimal(String(a.minutes), 60, 1)!),
        valueEl('alarm_auto_inhibit_period', inhibit),
        // What xe or a later client added to the variable (alarm_priority, consolidation_fn…) stays.
        ...(old?.children.filter((c) => !STANDARD.has(c.name)) ?? []),
      ],
    });
  }
  for (const v of existing) if (!known.has(valueOf(v, 'name') ?? '')) out.push(v);
  return out.length === 0 ? null : writeXml({ name: 'config', attrs: [], children: out });
}

/** Why the settings cannot be written for this class, in words, or []. */
export function perfmonProblems(cls: PerfmonClass, s: PerfmonSettings, memoryMiB?: number): string[] {
  const out: string[] = [];
  const ok = (n: number, lo: number, hi: number) => typeof n === 'number' && Number.isFinite(n) && n >= lo && n <= hi;
  for (const [name, a] of Object.entries(s.alerts)) {
    if (!(CLASS_ALERTS[cls] as string[]).includes(name)) { out.push(`A ${cls} has no "${name}" alert.`); continue; }
    const k = ALERT_KINDS[name as AlertName];
    const max = name === 'memory_free_kib' && memoryMiB ? Math.min(k.max, Math.floor(memoryMiB)) : k.max;
    if (!a || !ok(a.threshold, k.min, max) || !/^\d+(\.\d{1,6})?$/.test(String(a.threshold))) out.push(`${k.label}: enter a number from ${k.min} to ${max} ${k.unit}.`);
    if (!a || !Number.isInteger(a.minutes) || !ok(a.minutes, PERIOD_MIN, PERIOD_MAX)) out.push(`${k.label}: the duration must be a whole number of minutes from ${PERIOD_MIN} to ${PERIOD_MAX}.`);
  }
  const i = s.intervalMinutes;
  if (!Number.isInteger(i) || !ok(i, INTERVAL_MIN, INTERVAL_MAX) || i % INTERVAL_STEP !== 0) {
    out.push(`The alert repeat interval must be a multiple of ${INTERVAL_STEP} minutes from ${INTERVAL_MIN} to ${INTERVAL_MAX}.`);
  }
  return out;
}
