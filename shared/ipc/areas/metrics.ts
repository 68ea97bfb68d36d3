// Metrics: the Performance tab's data series.
import type { MetricsRangeId } from '../../metrics/ranges';
import { metricsRange } from '../../metrics/ranges';
import { ContractError, exactKeys, ref, str, type Validators } from '../checks';

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

export interface MetricsRequests {
  /**
   * The Performance tab's data: one host's or VM's AVERAGE data sources over `range`, from
   * /rrd_updates on the host that holds its RRD (a VM's resident host; the coordinator for a VM
   * that is not running). Main adds the session; a short cache lets several views share a fetch.
   */
  'metrics.series': { args: { connectionId: string; cls: 'host' | 'vm'; ref: string; range: MetricsRangeId }; result: MetricsSeries };
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
};
