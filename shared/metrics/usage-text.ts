// The Search tab's CPU, Memory, Disks and Network columns in XenCenter's words (XenModel/XenSearch/
// PropertyAccessorHelper.cs: vmCpuUsageString, hostCpuUsageString, vm/hostMemoryUsageString, the
// *Rank and *Value sort keys, vmDiskUsageString, vm/hostNetworkUsageString; Util.MemorySizeString-
// SuitableUnits; Messages QUERY_PERCENT_OF_CPU(S), QUERY_MEMORY_USAGE, QUERY_MEMORY_PERCENT,
// QUERY_DATA_AVG_MAX, OVERVIEW_UNITS, HYPHEN), from one object's metrics.usage numbers.
// Pure: the renderer and the core may both use it.
import type { ObjectUsage, Throughput } from '../ipc/areas/metrics';

/** XenCenter's Messages.HYPHEN: a value that is not known. */
export const NO_USAGE = '-';

const KIB = 1024;
const MIB = KIB * KIB;
const GIB = KIB * MIB;

/** C#'s Math.Round(x): to the nearest whole number, halves to the even one. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** C#'s ToString("0."): a whole number, halves away from zero. */
const wholeText = (x: number): string => String(Math.sign(x) * Math.round(Math.abs(x)) || 0);

/**
 * Util.MemorySizeStringSuitableUnits(bytes, false): "1.2 GB" (one decimal, none above 100 GB),
 * "512 MB", "3 kB", "100 B", and "0" for nothing. Binary units with XenCenter's names.
 */
export function memorySizeText(bytes: number): string {
  if (bytes >= GIB) {
    const gb = bytes / GIB;
    const dp = gb > 100 ? 0 : 1;
    const f = 10 ** dp;
    return `${String(Math.round(gb * f) / f)} GB`;
  }
  if (bytes >= MIB) return `${String(roundHalfEven(bytes / MIB))} MB`;
  if (bytes >= KIB) return `${String(roundHalfEven(bytes / KIB))} kB`;
  if (bytes === 0) return '0';
  return `${String(bytes)} B`;
}

/** "12% of 4 CPUs", "7% of 1 CPU"; "-" when not known. */
export function cpuUsageText(u: ObjectUsage | undefined): string {
  if (!u || u.cpus === 0 || u.cpu === null || !Number.isFinite(u.cpu)) return NO_USAGE;
  const percent = wholeText(u.cpu * 100);
  return u.cpus === 1 ? `${percent}% of 1 CPU` : `${percent}% of ${u.cpus} CPUs`;
}

/** The CPU column's sort key: whole percent (vm/hostCpuUsageRank); null when not known. */
export function cpuUsageRank(u: ObjectUsage | undefined): number | null {
  if (!u || u.cpus === 0 || u.cpu === null || !Number.isFinite(u.cpu)) return null;
  return roundHalfEven(u.cpu * 100);
}

function memory(u: ObjectUsage | undefined): { used: number; total: number } | undefined {
  if (!u || u.memoryUsed === null || u.memoryTotal === null) return undefined;
  if (!Number.isFinite(u.memoryUsed) || !Number.isFinite(u.memoryTotal) || u.memoryTotal === 0 || u.memoryUsed < 0) return undefined;
  return { used: u.memoryUsed, total: u.memoryTotal };
}

/** "1.2 GB of 4 GB" (used of total); "-" when not known (a VM without its guest agent). */
export function memoryUsageText(u: ObjectUsage | undefined): string {
  const m = memory(u);
  return m ? `${memorySizeText(m.used)} of ${memorySizeText(m.total)}` : NO_USAGE;
}

/** "30% of 4 GB" (XenCenter's memory percentage text); "-" when not known. */
export function memoryUsagePercentText(u: ObjectUsage | undefined): string {
  const m = memory(u);
  return m ? `${wholeText((m.used / m.total) * 100)}% of ${memorySizeText(m.total)}` : NO_USAGE;
}

/** The Memory column's sort key: whole percent used (vm/hostMemoryUsageRank); null when not known. */
export function memoryUsageRank(u: ObjectUsage | undefined): number | null {
  const m = memory(u);
  return m ? roundHalfEven((m.used * 100) / m.total) : null;
}

/** Bytes in use (vm/hostMemoryUsageValue, in bytes for both); null when not known. */
export function memoryUsageValue(u: ObjectUsage | undefined): number | null {
  return memory(u)?.used ?? null;
}

/** XenCenter's Messages.OVERVIEW_UNITS: the Disks and Network headers' second line. */
export const THROUGHPUT_UNITS = '(avg / max KBs)';

const throughputOk = (t: Throughput | undefined): t is Throughput => !!t && Number.isFinite(t.avg) && Number.isFinite(t.max);

/** QUERY_DATA_AVG_MAX "{0}/{1}": mean and busiest device in whole KiB/s, "12/40"; "-" when not known. */
export function throughputText(t: Throughput | undefined): string {
  return throughputOk(t) ? `${wholeText(t.avg / KIB)}/${wholeText(t.max / KIB)}` : NO_USAGE;
}

/**
 * The Disks and Network columns' sort key: the mean bytes/s (XenCenter sorts these columns by their
 * text, so "9/9" after "10/10"; here by the number); null when not known.
 */
export function throughputRank(t: Throughput | undefined): number | null {
  return throughputOk(t) ? t.avg : null;
}
