// A perfmon ALARM message in words, as XenCenter's AlarmMessageAlert: the body is
//   value: 0.95
//   config:
//   <variable><name value="cpu_usage"/><alarm_trigger_level value="0.9"/><alarm_trigger_period value="60"/></variable>
// and the variable's name says what was measured. An alarm this does not recognise keeps the body.

export type AlarmKind = 'cpu' | 'network' | 'disk' | 'fs' | 'memory' | 'dom0Memory' | 'logFs' | 'srPhysical' | 'storage';

export interface Alarm {
  kind: AlarmKind | undefined;
  variable: string;
  value: number;
  level: number;
  /** Seconds. */
  period: number;
  /** The SR uuid prefix of an sr_io_throughput_total_<uuid8> alarm. */
  srUuidPrefix?: string;
}

const KINDS: Readonly<Record<string, AlarmKind>> = {
  cpu_usage: 'cpu', network_usage: 'network', disk_usage: 'disk', fs_usage: 'fs', memory_free_kib: 'memory',
  mem_usage: 'dom0Memory', log_fs_usage: 'logFs', physical_utilisation: 'srPhysical',
};
/** PerfmonDefinition.SrRegex: a host's throughput to one SR, named by the first 8 characters of its uuid. */
const SR_ALARM = /^sr_io_throughput_total_([0-9a-f]{8})$/;

/** The value of `<tag value="..."/>` in the body's config (XenCenter reads the first of each tag). */
function attr(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}\\s+value\\s*=\\s*"([^"]*)"`).exec(xml) ?? new RegExp(`<${tag}\\s+value\\s*=\\s*'([^']*)'`).exec(xml);
  return m?.[1];
}

const num = (s: string | undefined): number => {
  const n = s === undefined ? NaN : Number(s.trim());
  return Number.isFinite(n) ? n : 0;
};

export function parseAlarm(body: string): Alarm {
  const lines = body.split('\n');
  const out: Alarm = { kind: undefined, variable: '', value: 0, level: 0, period: 0 };
  if (lines.length < 2) return out;
  out.value = num(lines[0].replace('value:', ''));
  const xml = lines.slice(1).join('').replace('config:', '');
  out.variable = attr(xml, 'name') ?? '';
  out.level = num(attr(xml, 'alarm_trigger_level'));
  out.period = Math.trunc(num(attr(xml, 'alarm_trigger_period')));
  out.kind = KINDS[out.variable];
  const sr = SR_ALARM.exec(out.variable);
  if (!out.kind && sr) { out.kind = 'storage'; out.srUuidPrefix = sr[1]; }
  return out;
}

/** Util.PercentageString: a fraction as "95.0%". */
export const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;

/** Util.TimeString: seconds as "90 seconds", "2 minutes" (from two minutes on), "Negligible". */
export function timeWords(seconds: number): string {
  if (seconds >= 120) return `${Math.floor(seconds / 60)} minutes`;
  if (seconds > 0) return `${seconds} seconds`;
  return 'Negligible';
}

/** Util.DataRateString: decimal units, one decimal place at most ("1.5 MB/s"). */
export function rateWords(bytesPerSecond: number): string {
  const units: Array<[number, string]> = [[1e12, 'TB/s'], [1e9, 'GB/s'], [1e6, 'MB/s'], [1e3, 'kB/s']];
  for (const [size, unit] of units) if (bytesPerSecond >= size) return `${round1(bytesPerSecond / size)} ${unit}`;
  return `${round1(bytesPerSecond)} B/s`;
}

const round1 = (n: number): string => String(Math.round(n * 10) / 10);

/** Util.MemorySizeStringSuitableUnits(bytes, false): binary units, whole numbers. */
export function memoryWords(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${Math.round(bytes / 1024 ** 3)} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${Math.round(bytes)} B`;
}

export const ALARM_TITLES: Readonly<Record<AlarmKind, string>> = {
  cpu: 'CPU Usage Alarm', network: 'Network Usage Alarm', disk: 'Disk Usage Alarm', fs: 'File System on Control Domain Full',
  memory: 'Memory Usage Alarm', dom0Memory: 'Control Domain Memory Usage', logFs: 'File System on Logs Partition Full',
  srPhysical: 'SR Disk Space Alarm', storage: 'Storage Throughput Alarm',
};

/**
 * XenCenter's description of an alarm on `subject` ("VM 'web-01'", "Server 'h1'"); `srName` names the SR
 * of a storage throughput alarm. Undefined for an alarm it does not recognise.
 */
export function alarmDescription(a: Alarm, subject: string, srName = ''): string | undefined {
  switch (a.kind) {
    case 'cpu': return `CPU usage on ${subject} has been on average ${percent(a.value)} for the last ${timeWords(a.period)}.`;
    case 'network': return `Network usage on ${subject} has been on average ${rateWords(a.value)} for the last ${timeWords(a.period)}.`;
    case 'disk': return `Disk usage on ${subject} has been on average ${rateWords(a.value)} for the last ${timeWords(a.period)}.`;
    case 'fs': return `Disk usage for the Control Domain on ${subject} has reached ${percent(a.value)}. XenServer's performance will be critically affected if this disk becomes full. Log files or other non-essential (user created) files should be removed.`;
    // xapi reports free memory in KiB.
    case 'memory': return `Free memory on ${subject} has been ${memoryWords(a.value * 1024)} for the last ${timeWords(a.period)}.`;
    case 'dom0Memory': return `The memory required by the control domain on ${subject} is ${percent(a.value)} of its allocated memory. Occasional performance degradation can be expected when memory swapping is forced to happen.`;
    // xapi reports SR throughput in MiB/s.
    case 'storage': return `The total read and write throughput of ${subject} on storage repository '${srName}' has been ${rateWords(a.value * 1024 * 1024)} for the last ${timeWords(a.period)}.`;
    case 'logFs': return `The disk usage for the Logs Partition on ${subject} has reached ${percent(a.value)}. Logging will be critically affected if this disk becomes full. Old log files should be removed.`;
    case 'srPhysical': return `The physical utilization on ${subject} is about ${percent(a.value)} of its capacity.`;
    default: return undefined;
  }
}

/** AlarmMessageAlert.Priority: a full control-domain disk is major, a full log partition a warning. */
export function alarmPriority(a: Alarm, priority: number): number {
  if (a.kind === 'fs') return 2;
  if (a.kind === 'logFs') return 3;
  return priority;
}
