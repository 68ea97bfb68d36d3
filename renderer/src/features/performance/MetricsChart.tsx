// One Performance chart: uPlot draws the lines on a canvas (gaps where a value is unknown), and
// an HTML legend below shows each line's latest value, or its value under the cursor. The canvas
// is role=img, named by the chart's summary of latest values (screen readers, tests).
import { useEffect, useId, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatValue, type ChartSpec } from './shape';

const PALETTE = ['#1f6fd1', '#d9480f', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#e03131', '#5c7cfa', '#66a80f', '#c2255c', '#1098ad', '#7048e8', '#795548', '#a61e4d', '#087f5b', '#364fc7', '#868e96'];
const HEIGHT = 150;
const AXIS = { stroke: '#5d6778', font: '11px system-ui, sans-serif', grid: { stroke: '#eceff3', width: 1 }, ticks: { stroke: '#d9dde3', width: 1, size: 4 } };

export const lineColor = (i: number): string => PALETTE[i % PALETTE.length];

interface Props {
  spec: ChartSpec;
  /** Row times in unix seconds, oldest first (shared by every line). */
  times: number[];
  /** The time window drawn, unix seconds: the whole chosen range, even where there are no rows yet. */
  window: [number, number];
}

export function MetricsChart({ spec, times, window }: Props) {
  const titleId = useId();
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  // The plot is rebuilt when the set of lines changes, and given new data otherwise (keeps the cursor).
  const shapeKey = `${spec.id}|${spec.unit}|${spec.lines.map((l) => l.label).join('|')}`;
  const data: uPlot.AlignedData = [times, ...spec.lines.map((l) => l.values)];
  const latest = useRef({ data, window });
  latest.current = { data, window };

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 6 } },
      scales: {
        x: { time: true, range: () => latest.current.window },
        y: { range: (_u, _min, max) => [0, spec.max ?? (max > 0 ? niceTop(max) : 1)] },
      },
      axes: [{ ...AXIS }, { ...AXIS, size: 50, values: (_u, splits) => splits.map((v) => axisText(v)) }],
      series: [
        {},
        ...spec.lines.map((l, i) => ({ label: l.label, stroke: lineColor(i), width: l.emphasis ? 2 : 1.25, spanGaps: false, points: { show: false } })),
      ],
      hooks: { setCursor: [(u: uPlot) => setCursor(u.cursor.idx ?? null)] },
    };
    const u = new uPlot(opts, latest.current.data, el);
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height: HEIGHT }));
    ro.observe(el);
    return () => { ro.disconnect(); u.destroy(); plot.current = null; };
    // Rebuilt only when shapeKey changes: spec.max and the line styles belong to the chart's identity.
  }, [shapeKey]);

  useEffect(() => {
    plot.current?.setData(data);
  });

  const at = cursor !== null && cursor < times.length ? cursor : null;
  return (
    <section className="perf-chart" aria-labelledby={titleId}>
      <h3 id={titleId} className="perf-chart-title">{spec.title} <span className="perf-unit">({spec.unit})</span></h3>
      <div ref={host} className="perf-plot" role="img" aria-label={spec.summary} />
      <div className="perf-legend" aria-hidden="true">
        <span className="perf-legend-when">{at === null ? 'Latest' : new Date(times[at] * 1000).toLocaleString()}</span>
        {spec.lines.map((l, i) => (
          <span key={l.label} className={`perf-legend-item${l.emphasis ? ' emphasis' : ''}`}>
            <span className="perf-swatch" style={{ background: lineColor(i) }} />
            {l.label} <span className="perf-legend-value">{formatValue(at === null ? l.latest : l.values[at], spec.unit, spec.decimals)}</span>
          </span>
        ))}
      </div>
    </section>
  );
}

/** A round number a little above `max`, so the top line does not touch the frame. */
function niceTop(max: number): number {
  const raw = max * 1.1;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((s) => s * pow >= raw) ?? 10;
  return step * pow;
}

function axisText(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  return abs >= 100 ? v.toFixed(0) : abs >= 10 ? v.toFixed(0) : abs >= 1 ? String(+v.toFixed(1)) : String(+v.toPrecision(2));
}
