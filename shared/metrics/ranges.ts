// The Performance tab's time ranges, shared by the renderer (selector, refresh) and the core
// (which archive to ask for). `interval` is the period of the RRD archive that covers the range
// (FORMATS.md 3.2: 120 x 5 s, 120 x 1 min, 168 x 1 h, 366 x 1 day), so /rrd_updates answers from it.
export type MetricsRangeId = '10m' | '2h' | '1w' | '1y';

export interface MetricsRange {
  id: MetricsRangeId;
  label: string;
  /** How far back the graph reaches, in seconds. */
  seconds: number;
  /** /rrd_updates `interval=`: the archive period in seconds. */
  interval: number;
  /** How often the renderer asks again while the tab is shown: about one new archive row. */
  refreshMs: number;
}

export const METRICS_RANGES: readonly MetricsRange[] = [
  { id: '10m', label: 'Last 10 minutes', seconds: 600, interval: 5, refreshMs: 5_000 },
  { id: '2h', label: 'Last 2 hours', seconds: 7_200, interval: 60, refreshMs: 60_000 },
  { id: '1w', label: 'Last week', seconds: 604_800, interval: 3_600, refreshMs: 600_000 },
  { id: '1y', label: 'Last year', seconds: 31_622_400, interval: 86_400, refreshMs: 3_600_000 },
];

export function metricsRange(id: string): MetricsRange | undefined {
  return METRICS_RANGES.find((r) => r.id === id);
}
