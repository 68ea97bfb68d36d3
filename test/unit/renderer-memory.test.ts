// The Memory tab's pure model: the VM bar's geometry, Memory Settings' checks and the one call it sends
// for each power state (SEMANTICS.md §4), a host's split of its memory, and the command's reasons.
import { describe, expect, it } from 'vitest';
import { checkMemory, formatMemory, GiB, hostMemory, hostSegments, initialForm, MiB, parseMemory, poolHosts, vmBar, vmMemory, type VmMemory } from '../../renderer/src/features/memory/model';
import { MEMORY_COMMAND } from '../../renderer/src/features/memory/command';
import { commandState } from '../../renderer/src/framework/availability';
import type { ConnObjects } from '../../renderer/src/state/store';
import type { ConnectionInfo } from '../../shared/ipc/contract';

// As xapi lists them (SEMANTICS.md §1.3): never changing_memory_limits.
const HALTED_OPS = ['start', 'changing_dynamic_range', 'changing_static_range'];
const RUNNING_OPS = ['clean_shutdown', 'changing_dynamic_range'];
const vm = (extra: Partial<VmMemory> = {}): VmMemory => ({
  name: 'web', powerState: 'Halted', staticMin: 512 * MiB, staticMax: 4 * GiB, dynamicMin: 2 * GiB, dynamicMax: 4 * GiB,
  canSetLimits: true, canSetDynamic: true, ...extra,
});
const running = (extra: Partial<VmMemory> = {}) => vm({ powerState: 'Running', canSetLimits: false, actual: 3 * GiB, ...extra });

describe('memory figures', () => {
  it('reads as XenCenter writes them', () => {
    expect(formatMemory(768 * MiB)).toBe('768 MiB');
    expect(formatMemory(GiB)).toBe('1 GiB');
    expect(formatMemory(1.5 * GiB)).toBe('1.5 GiB');
    expect(parseMemory('1.5', 'GiB')).toBe(1.5 * GiB);
    expect(parseMemory('700', 'MiB')).toBe(700 * MiB);
    for (const bad of ['', '0', '-1', 'abc', '1e3']) expect(parseMemory(bad, 'GiB')).toBeUndefined();
  });
});

describe('the VM bar', () => {
  it('scales 0..static max, with the dynamic range as a band and the current memory filled', () => {
    const bar = vmBar(running());
    expect(bar.scaleMax).toBe(4 * GiB);
    expect(bar.dynamicFrom).toBe(50);
    expect(bar.dynamicTo).toBe(100);
    expect(bar.actualPct).toBe(75);
    expect(bar.marks.map((m) => [m.label, m.pct, m.row])).toEqual([['Static minimum', 12.5, 0], ['Minimum', 50, 0], ['Maximum', 100, 0]]);
    // Close labels take a second row.
    expect(vmBar(running({ dynamicMin: 640 * MiB })).marks.map((m) => m.row)).toEqual([0, 1, 0]);
  });
  it('a fixed, halted VM: one mark, nothing filled', () => {
    const bar = vmBar(vm({ dynamicMin: 4 * GiB, staticMin: 4 * GiB }));
    expect(bar.actualPct).toBeUndefined();
    expect(bar.marks).toEqual([{ pct: 100, label: 'Memory', value: 4 * GiB, row: 0 }]);
    expect([bar.dynamicFrom, bar.dynamicTo]).toEqual([0, 100]);
  });
  it('a static maximum above the dynamic range is marked at the end', () => {
    expect(vmBar(vm({ dynamicMax: 2 * GiB })).marks.at(-1)).toEqual({ pct: 100, label: 'Static maximum', value: 4 * GiB, row: 0 });
  });
});

describe('Memory Settings', () => {
  it('opens with the VM\'s mode and values', () => {
    expect(initialForm(vm())).toEqual({ mode: 'dynamic', fixed: '4', min: '2', max: '4', unit: 'GiB' });
    expect(initialForm(vm({ dynamicMin: 4 * GiB }))).toMatchObject({ mode: 'fixed', fixed: '4' });
    expect(initialForm(vm({ dynamicMin: 700 * MiB, dynamicMax: 700 * MiB, staticMax: 700 * MiB })).unit).toBe('MiB');
  });

  it('halted: one VM.set_memory_limits with all four; static max follows the maximum', () => {
    expect(checkMemory(vm(), { mode: 'dynamic', fixed: '', min: '1', max: '2', unit: 'GiB' }).call)
      .toEqual({ method: 'VM.set_memory_limits', args: [512 * MiB, 2 * GiB, GiB, 2 * GiB] });
    expect(checkMemory(vm(), { mode: 'fixed', fixed: '6', min: '', max: '', unit: 'GiB' }).call)
      .toEqual({ method: 'VM.set_memory_limits', args: [512 * MiB, 6 * GiB, 6 * GiB, 6 * GiB] });
  });

  it('running: VM.set_memory_dynamic_range, never above static max (said in words, OK refused)', () => {
    const ok = checkMemory(running(), { mode: 'dynamic', fixed: '', min: '1', max: '3', unit: 'GiB' });
    expect(ok.call).toEqual({ method: 'VM.set_memory_dynamic_range', args: [GiB, 3 * GiB] });
    expect(ok.notes).toEqual([]);
    const high = checkMemory(running(), { mode: 'fixed', fixed: '8', min: '', max: '', unit: 'GiB' });
    expect(high.call).toBeUndefined();
    expect(high.errors.fixed).toBe("'web' is running: memory above its static maximum of 4 GiB needs the VM shut down first");
  });

  it('nothing changed: no call', () => {
    expect(checkMemory(vm(), initialForm(vm())).call).toBeNull();
    expect(checkMemory(running(), initialForm(running())).call).toBeNull();
  });

  it('words for what is typed wrong', () => {
    const c = checkMemory(vm(), { mode: 'dynamic', fixed: '', min: '3', max: '2', unit: 'GiB' });
    expect(c.errors.min).toBe('Minimum memory cannot be more than the maximum memory');
    expect(checkMemory(vm(), { mode: 'dynamic', fixed: '', min: 'x', max: '', unit: 'GiB' }).errors)
      .toEqual({ min: 'Minimum memory: enter a number of GiB greater than 0', max: 'Maximum memory: enter a number of GiB greater than 0' });
  });

  it('below static min: said, and left to the server, which refuses it with its code', () => {
    const c = checkMemory(running(), { mode: 'dynamic', fixed: '', min: '256', max: '2048', unit: 'MiB' });
    expect(c.notes[0]).toBe("Minimum memory is below the VM's static minimum of 512 MiB: the server will refuse it");
    expect(c.call).toEqual({ method: 'VM.set_memory_dynamic_range', args: [256 * MiB, 2 * GiB] });
  });

  it('suspended: nothing can change, in words', () => {
    expect(checkMemory(vm({ powerState: 'Suspended', canSetLimits: false, canSetDynamic: false }), initialForm(vm())).errors.form)
      .toBe("'web' is suspended: its memory can be changed when it is running or shut down");
  });
});

describe('from the store', () => {
  const conn: ConnectionInfo = { id: 'c', url: 'https://h', hostname: 'h', user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] };
  const vmRec = (name: string, ps: string, ops: string[], extra: Record<string, unknown> = {}) => ({
    name_label: name, power_state: ps, allowed_operations: ops, memory_static_min: 512 * MiB, memory_static_max: 4 * GiB,
    memory_dynamic_min: 2 * GiB, memory_dynamic_max: 4 * GiB, memory_overhead: 40 * MiB, resident_on: ps === 'Running' ? 'OpaqueRef:h1' : 'OpaqueRef:NULL', ...extra,
  });
  const objects: ConnObjects = new Map([
    ['vm', new Map<string, Record<string, unknown>>([
      ['OpaqueRef:a', vmRec('web', 'Running', RUNNING_OPS, { metrics: 'OpaqueRef:ma' })],
      ['OpaqueRef:b', vmRec('db', 'Halted', HALTED_OPS)],
      ['OpaqueRef:s', vmRec('old', 'Suspended', ['resume'])],
      ['OpaqueRef:d0', vmRec('Control domain on h1', 'Running', [], { is_control_domain: true, metrics: 'OpaqueRef:md', memory_overhead: 10 * MiB })],
    ])],
    ['vm_metrics', new Map([['OpaqueRef:ma', { memory_actual: 3 * GiB }], ['OpaqueRef:md', { memory_actual: GiB }]])],
    ['host', new Map([['OpaqueRef:h1', { name_label: 'h1', metrics: 'OpaqueRef:hm', memory_overhead: 100 * MiB }]])],
    ['host_metrics', new Map([['OpaqueRef:hm', { memory_total: 16 * GiB, memory_free: 11 * GiB }]])],
  ]);
  const store = { connections: new Map([['c', conn]]), objects: new Map([['c', objects]]) };
  const one = (ref: string) => [{ connectionId: 'c', cls: 'vm', ref }];

  it('a VM\'s memory, with memory_actual only while it runs', () => {
    expect(vmMemory(store, 'c', 'OpaqueRef:a')).toMatchObject({ actual: 3 * GiB, canSetLimits: false, canSetDynamic: true });
    expect(vmMemory(store, 'c', 'OpaqueRef:b')).toMatchObject({ actual: undefined, canSetLimits: true });
  });

  it('a host: Xen (its overhead and each domain\'s), the control domain, each VM, free', () => {
    const h = hostMemory(store, 'c', 'OpaqueRef:h1')!;
    expect(h.uses).toEqual([
      { label: 'Xen', bytes: 150 * MiB, kind: 'xen' },
      { label: 'Control domain', bytes: GiB, kind: 'dom0', ref: 'OpaqueRef:d0' },
      { label: 'web', bytes: 3 * GiB, kind: 'vm', ref: 'OpaqueRef:a' },
    ]);
    expect(h).toMatchObject({ total: 16 * GiB, free: 11 * GiB });
    expect(hostSegments(h).map((x) => x.pct)).toEqual([150 / 16384 * 100, 6.25, 18.75]);
    expect(poolHosts(store, 'c').map((x) => x.name)).toEqual(['h1']);
  });

  it('the command: enabled from allowed_operations, with reasons in words', () => {
    expect(commandState(MEMORY_COMMAND, one('OpaqueRef:a'), store)).toEqual({ enabled: true });
    expect(commandState(MEMORY_COMMAND, one('OpaqueRef:b'), store)).toEqual({ enabled: true });
    expect(commandState(MEMORY_COMMAND, one('OpaqueRef:s'), store))
      .toEqual({ enabled: false, reason: "'old' is suspended: its memory can be changed when it is running or shut down" });
    expect(commandState(MEMORY_COMMAND, one('OpaqueRef:d0'), store)).toMatchObject({ enabled: false, reason: "'Control domain on h1' is the control domain of its server" });
    expect(MEMORY_COMMAND.methods).toEqual(['VM.set_memory_dynamic_range', 'VM.set_memory_limits']);
  });
});
