// Metrics: the Performance tab's data series, and the Search tab's current CPU and memory usage.
import type { MetricsRangeId } from '../../metrics/ranges';
import { metricsRange } from '../../metrics/ranges';
import { connectionOnly, ContractError, exactKeys, ref, str, type Validators } from '../checks';

/** One object's metrics over a time range (metrics.series). */
export interface MetricsSeries {
  /** Seconds between rows: the period of the archive that answered (5, 60, 3600 or 86400). */
  step: number;
  /** Row times in unix seconds, oldest first. */
  times: number[];
  /** The object's data sources in the server's order; null where the value is unknown (NaN). */
  sources: MetricsSource[];
}
export interface MetricsSource { name: string; values: (number | null)[] }

/** The current usage of every live host and running VM of one connection (metrics.usage). */
export interface UsageSample {
  /** Unix seconds of the newest row used; 0 when no object had one. */
  time: number;
  /** By host ref. A host whose /rrd_updates failed is absent, and so are its VMs. */
  hosts: Record<string, ObjectUsage>;
  /** By VM ref: the VMs with a domain (Running or Paused) on a host that answered. */
  vms: Record<string, ObjectUsage>;
}
export interface ObjectUsage {
  /** 0..1: the mean of its `cpuN` data sources; null when one of them is unknown (or there are none). */
  cpu: number | null;
  /** How many `cpuN` data sources it has (host: physical CPUs; VM: vCPUs). */
  cpus: number;
  /** Bytes in use: host `memory_total_kib - memory_free_kib`; VM `memory - memory_internal_free` (needs the guest agent). */
  memoryUsed: number | null;
  /** Bytes: host `memory_total_kib`; VM `memory` (its current allocation). */
  memoryTotal: number | null;
  /**
   * VM only: disk throughput over its VBDs (XenCenter's Disks column): per VBD `vbd_<device>_read +
   * _write`, a VBD without those sources counting 0. Absent when not known (a NaN, or no VBDs).
   */
  disk?: Throughput;
  /**
   * Network throughput (XenCenter's Network column): per VIF `vif_<device>_rx + _tx` (VM), per
   * physical PIF `pif_<device>_rx + _tx` (host); a device without sources counts 0. Absent when not known.
   */
  network?: Throughput;
}
/** Bytes/s over an object's devices: their mean and the busiest one. */
export interface Throughput { avg: number; max: number }

export interface MetricsRequests {
  /**
   * The Performance tab's data: one host's or VM's AVERAGE data sources over `range`, from
   * /rrd_updates on the host that holds its RRD (a VM's resident host; the coordinator for a VM
   * that is not running). Main adds the session; a short cache lets several views share a fetch.
   */
  'metrics.series': { args: { connectionId: string; cls: 'host' | 'vm'; ref: string; range: MetricsRangeId }; result: MetricsSeries };
  /**
   * The Search tab's CPU and Memory columns: the newest values of every live host and its
   * running VMs, from /rrd_updates?host=true (no vm_uuid: the host and all its VMs) on each host,
   * as XenCenter's MetricUpdater reads them. A host that fails is left out with its VMs; a short
   * cache lets several windows share a fetch. Texts and ranks: shared/metrics/usage-text.ts.
   */
  'metrics.usage': { args: { connectionId: string }; result: UsageSample };
}

export const METRICS_VALIDATORS: Validators<MetricsRequests> = {
  'metrics.series': (o) => {
    exactKeys(o, ['connectionId', 'cls', 'ref', 'range']);
    const cls = o.cls;
    if (cls !== 'host' && cls !== 'vm') throw new ContractError('"cls" must be "host" or "vm"');
    const range = typeof o.range === 'string' ? metricsRange(o.range) : undefined;
    if (!range) throw new ContractError('"range" must be one of 10m, 2h, 1w, 1y');
    return { connectionId: str(o, 'connectionId'), cls, ref: ref(o, 'ref'), range: range.id };
  },
  'metrics.usage': connectionOnly,
};
