// The Performance tab of hosts and VMs: CPU, memory, network (and disk for VMs) over the chosen
// range, from the host that keeps the object's RRD (main asks it: metrics.series). Data comes
// through react-query, polled about once per archive row, and only while this tab is shown
// (the query lives with the component).
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { MetricsSeries } from '../../../../shared/ipc/contract';
import { METRICS_RANGES, metricsRange, type MetricsRange, type MetricsRangeId } from '../../../../shared/metrics/ranges';
import { toErrorInfo } from '../../bridge/types';
import { useBridge } from '../../framework/bridge-context';
import { MetricsChart } from './MetricsChart';
import { shapeCharts, type ChartSpec } from './shape';
import { getRecord, useApp } from '../../state';
import { useUi } from '../../state/ui';
import { errorParamsText, errorText } from '../../xapi-model/errors';
import { str } from '../../xapi-model/format';
import type { TabTarget } from '../../framework/tab';

const STEP_WORDS: Record<number, string> = { 5: '5-second', 60: '1-minute', 3600: '1-hour', 86400: '1-day' };

export function PerformanceTab({ target }: { target: TabTarget }) {
  const bridge = useBridge();
  const rangeId = useUi((s) => s.metricsRange);
  const setUi = useUi((s) => s.set);
  const range = metricsRange(rangeId) ?? METRICS_RANGES[0];
  const cls = target.cls === 'host' ? 'host' : 'vm';
  const vm = useApp((s) => (cls === 'vm' ? getRecord(s, target.connectionId, 'vm', target.ref) : undefined));
  const powerState = str(vm?.power_state);
  const running = cls === 'host' || powerState === 'Running' || powerState === 'Paused';

  const query = useQuery({
    // Where the VM runs is part of the key: started, stopped or migrated, it is asked again at once (of another host).
    queryKey: ['metrics.series', target.connectionId, cls, target.ref, range.id, running, str(vm?.resident_on)],
    queryFn: () => bridge.request('metrics.series', { connectionId: target.connectionId, cls, ref: target.ref, range: range.id }),
    refetchInterval: range.refreshMs,
    refetchIntervalInBackground: false,
    gcTime: 60_000,
    retry: 1,
  });

  const data = query.data;
  const charts = useMemo(() => (data ? shapeCharts(data, cls) : []), [data, cls]);
  // A VM that is not running may still have its archived RRD (asked of the coordinator): worth
  // showing only when the range holds something it recorded.
  const recorded = !!data && data.sources.some((x) => x.values.some((v) => v !== null));
  const shown = data && charts.length > 0 && (running || recorded) ? data : undefined;

  return (
    <div className="perf">
      <div className="perf-toolbar">
        <label className="perf-range">
          Range{' '}
          <select value={range.id} onChange={(e) => setUi('metricsRange', e.target.value as MetricsRangeId)}>
            {METRICS_RANGES.map((r) => <option key={r.id} value={r.id}>{r.label}</option>)}
          </select>
        </label>
        {shown ? <span className="perf-caption">{captionOf(shown, range)}</span> : null}
      </div>
      <PerformanceBody data={shown} charts={charts} error={query.error} pending={query.isPending} range={range} cls={cls} running={running} />
    </div>
  );
}

function PerformanceBody({ data, charts, error, pending, range, cls, running }: {
  data: MetricsSeries | undefined; charts: ChartSpec[]; error: unknown; pending: boolean; range: MetricsRange; cls: 'host' | 'vm'; running: boolean;
}) {
  if (error && !data) return <ErrorMessage error={error} what="The performance data could not be read" />;
  if (pending) return <p className="perf-message">Loading performance data…</p>;
  if (!data) {
    const why = !running ? 'No data: the VM is not running.' : `No data yet: the server has not recorded any metrics for this ${cls === 'vm' ? 'VM' : 'server'} in the ${range.label.toLowerCase()}.`;
    return <p className="perf-message" role="status">{why}</p>;
  }
  const last = data.times[data.times.length - 1] ?? Math.floor(Date.now() / 1000);
  const window: [number, number] = [last - range.seconds, last];
  return (
    <div className="perf-charts">
      {error ? <ErrorMessage error={error} what="The last refresh failed (the charts show the data read before)" /> : null}
      {!running ? <p className="perf-message" role="status">The VM is not running: these are the last values recorded.</p> : null}
      {charts.map((c) => <MetricsChart key={c.id} spec={c} times={data.times} window={window} />)}
    </div>
  );
}

/** Words and code (XAPI or HTTP), then the parameters. */
function ErrorMessage({ error, what }: { error: unknown; what: string }) {
  const info = toErrorInfo(error);
  const params = errorParamsText(info);
  return (
    <div className="perf-message error" role="alert">
      <div>{what}: {errorText(info)}</div>
      {params ? <div className="error-params">{params}</div> : null}
    </div>
  );
}

function captionOf(d: MetricsSeries, range: MetricsRange): string {
  const step = STEP_WORDS[d.step] ?? `${d.step}-second`;
  return `${step} averages, updated every ${range.refreshMs >= 60_000 ? `${range.refreshMs / 60_000} min` : `${range.refreshMs / 1000} s`}`;
}
