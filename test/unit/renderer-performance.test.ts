// The Performance tab's charts from an object's data sources: which sources go where, units
// (%, GiB/MiB, KiB/s or MiB/s), used memory from total and free, gaps kept, the summary that
// names each chart; and the metrics.series request's validation.
import { describe, it, expect } from 'vitest';
import { shapeCharts, MAX_CPU_LINES } from '../../renderer/src/features/performance/shape';
import type { MetricsSeries } from '../../shared/ipc/contract';
import { validateRequest } from '../../shared/ipc/validate';

const GiB = 1024 ** 3;
const series = (sources: Record<string, (number | null)[]>): MetricsSeries => ({
  step: 5, times: [100, 105, 110], sources: Object.entries(sources).map(([name, values]) => ({ name, values })),
});

describe('shapeCharts for a host', () => {
  const s = series({
    cpu0: [0.1, 0.2, null], cpu1: [0.3, 0.4, null], cpu_avg: [0.2, 0.3, null], loadavg: [1, 1, 1],
    memory_total_kib: [8 * 1024 * 1024, 8 * 1024 * 1024, 8 * 1024 * 1024], memory_free_kib: [6 * 1024 * 1024, 5 * 1024 * 1024, null],
    pif_eth0_rx: [1024, 2048, 3072], pif_eth0_tx: [0, 512, 1024], pif_aggr_rx: [1024, 2048, 3072], pif_aggr_tx: [0, 512, 1024],
    pif_eth0_rx_errors: [0, 0, 0], read_0a1b2c3d: [1, 2, 3],
  });
  const charts = shapeCharts(s, 'host');

  it('has CPU, memory and network (no disk)', () => {
    expect(charts.map((c) => c.id)).toEqual(['cpu', 'memory', 'network']);
  });

  it('CPU: the host average first (heavier), then each CPU, in %, to 100, gaps kept', () => {
    const cpu = charts[0];
    expect(cpu).toMatchObject({ unit: '%', max: 100 });
    expect(cpu.lines.map((l) => [l.label, l.emphasis ?? false])).toEqual([['Average', true], ['CPU 0', false], ['CPU 1', false]]);
    expect(cpu.lines[0].values[0]).toBeCloseTo(20);
    expect(cpu.lines[0].values[2]).toBeNull();
    expect(cpu.lines[0].latest).toBeCloseTo(30);
    expect(cpu.summary).toBe('CPU usage, latest: Average 30.0 %, CPU 0 20.0 %, CPU 1 40.0 %');
  });

  it('memory: used = total - free, in GiB', () => {
    const mem = charts[1];
    expect(mem.unit).toBe('GiB');
    expect(mem.lines.map((l) => [l.label, l.values])).toEqual([['Used', [2, 3, null]], ['Total', [8, 8, 8]]]);
    expect(mem.summary).toBe('Memory, latest: Used 3.00 GiB, Total 8.00 GiB');
  });

  it('network: per PIF receive and send in KiB/s, without the aggregate or error counters', () => {
    const net = charts[2];
    expect(net.unit).toBe('KiB/s');
    expect(net.lines.map((l) => [l.label, l.values])).toEqual([['eth0 receive', [1, 2, 3]], ['eth0 send', [0, 0.5, 1]]]);
  });
});

describe('shapeCharts for a VM', () => {
  it('has CPU (vCPU average), memory from the guest agent, network per VIF and disk per VBD', () => {
    const s = series({
      cpu0: [0.5, null, 0.25], cpu1: [0.1, null, 0.75], cpu_usage: [0.3, 0.3, 0.5],
      memory: [2 * GiB, 2 * GiB, 2 * GiB], memory_target: [2 * GiB, 2 * GiB, 2 * GiB], memory_internal_free: [1024 * 1024, 512 * 1024, 512 * 1024],
      vif_0_rx: [2 * 1024 ** 2, 0, 0], vif_0_tx: [0, 0, 0], vif_1_rx: [0, 0, 0],
      vbd_xvda_read: [1024, 1024, 1024], vbd_xvda_write: [0, 2048, 4096], vbd_xvda_read_latency: [5, 5, 5], vbd_xvda_iops_read: [1, 1, 1], vbd_xvdb_write: [0, 0, 0],
    });
    const [cpu, mem, net, disk] = shapeCharts(s, 'vm');
    expect(cpu.lines.map((l) => l.label)).toEqual(['Average', 'vCPU 0', 'vCPU 1']);
    expect(cpu.lines[0].values).toEqual([30, null, 50]);
    expect(mem.lines.map((l) => [l.label, l.values])).toEqual([['Used', [1, 1.5, 1.5]], ['Total (allocated)', [2, 2, 2]]]);
    // 2 MiB/s at the peak: the whole chart in MiB/s.
    expect(net).toMatchObject({ unit: 'MiB/s' });
    expect(net.lines.map((l) => l.label)).toEqual(['VIF 0 receive', 'VIF 0 send', 'VIF 1 receive']);
    expect(net.lines[0].values).toEqual([2, 0, 0]);
    expect(disk).toMatchObject({ id: 'disk', unit: 'KiB/s' });
    expect(disk.lines.map((l) => [l.label, l.latest])).toEqual([['xvda read', 1], ['xvda write', 4], ['xvdb write', 0]]);
  });

  it('a one-vCPU VM without the guest agent: one CPU line, memory total only (in MiB when small)', () => {
    const [cpu, mem, ...rest] = shapeCharts(series({ cpu0: [0.5, 0.5, 0.5], memory: [512 * 1024 ** 2, null, null] }), 'vm');
    expect(cpu.lines.map((l) => [l.label, l.emphasis])).toEqual([['vCPU 0', true]]);
    expect(mem).toMatchObject({ unit: 'MiB', lines: [{ label: 'Total (allocated)', values: [512, null, null], latest: 512, emphasis: true }] });
    expect(mem.summary).toBe('Memory, latest: Total (allocated) 512 MiB');
    expect(rest).toEqual([]);
  });

  it('many CPUs: the average alone; a summary names six lines and counts the rest', () => {
    const many = Object.fromEntries(Array.from({ length: MAX_CPU_LINES + 1 }, (_, i) => [`cpu${i}`, [0.5, 0.5, 0.5]]));
    expect(shapeCharts(series(many), 'vm')[0].lines.map((l) => l.label)).toEqual(['Average']);
    const vifs = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [[`vif_${i}_rx`, [0, 0, 0]], [`vif_${i}_tx`, [0, 0, 0]]]).flat());
    expect(shapeCharts(series(vifs), 'vm')[0].summary).toMatch(/VIF 2 send 0\.0 KiB\/s, and 2 more$/);
  });

  it('no sources: no charts', () => {
    expect(shapeCharts({ step: 5, times: [], sources: [] }, 'vm')).toEqual([]);
  });
});

describe('metrics.series request validation', () => {
  const ok = { connectionId: 'c', cls: 'vm', ref: 'OpaqueRef:abc', range: '2h' };
  it('accepts a host or VM ref and a known range', () => {
    expect(validateRequest('metrics.series', ok).args).toEqual(ok);
  });
  it('refuses other classes, ranges, refs and extra fields', () => {
    expect(() => validateRequest('metrics.series', { ...ok, cls: 'sr' })).toThrow(/"cls"/);
    expect(() => validateRequest('metrics.series', { ...ok, range: '5y' })).toThrow(/"range"/);
    expect(() => validateRequest('metrics.series', { ...ok, ref: 'vm-uuid' })).toThrow(/OpaqueRef/);
    expect(() => validateRequest('metrics.series', { ...ok, session: 'x' })).toThrow(/unexpected field/);
  });
});
