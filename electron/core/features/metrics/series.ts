// From a /rrd_updates reply to what the renderer gets: one object's AVERAGE columns, rows oldest
// first, and every value that is not a finite number as null (unknown: a gap in the graph; NaN
// and Infinity do not survive JSON on the browser host's bridge).
import type { MetricsSeries } from '../../../../shared/ipc/contract';
import type { RrdUpdates } from './rrd-updates';

export function objectSeries(u: RrdUpdates, kind: 'host' | 'vm', uuid: string): MetricsSeries {
  const wanted = u.columns.flatMap((c, i) => (c.cf === 'AVERAGE' && c.kind === kind && c.uuid.toLowerCase() === uuid.toLowerCase() ? [i] : []));
  return {
    step: u.step,
    times: u.rows.map((r) => r.t),
    sources: wanted.map((i) => ({
      name: u.columns[i].name,
      values: u.rows.map((r) => (Number.isFinite(r.values[i]) ? r.values[i] : null)),
    })),
  };
}
