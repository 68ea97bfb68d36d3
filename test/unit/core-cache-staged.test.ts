// A big load reaches the renderer in stages (shared/first-load.ts): the tree's fields of the big
// classes as tables, the small classes without their long ref lists, then full records in slices.
// What the renderer's own store holds once the last slice is in must be exactly main's cache,
// whatever changed, appeared or went away meanwhile; and the tree is there from the first message.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ObjectCache, type CacheEvent } from '../../electron/core/cache/object-cache';
import { scrubDelta } from '../../electron/core/xapi/secret-scrub';
import { createAppStore, TREE_FIELDS } from '../../renderer/src/state/store';
import { FIRST_LOAD_FIELDS, FIRST_LOAD_OMIT, FIRST_SLICE_DELAY_MS, SLICE_BYTES, SLICE_INTERVAL_MS, STAGE_MIN_OBJECTS, TREE_LOAD_CLASSES, drawBeforeRest } from '../../shared/first-load';
import type { CacheDelta } from '../../shared/ipc/contract';

const ev = (cls: string, ref: string, snapshot: Record<string, unknown>, operation = 'add'): CacheEvent => ({ class: cls, operation, ref, snapshot });

/** A pool of `n` VMs on 4 hosts: VMs with two VBDs, a VDI, metrics; hosts list their resident VMs. */
function pool(n: number): CacheEvent[] {
  const out: CacheEvent[] = [ev('pool', 'OpaqueRef:pool', { name_label: 'Big', master: 'OpaqueRef:h0' })];
  const hosts = ['OpaqueRef:h0', 'OpaqueRef:h1', 'OpaqueRef:h2', 'OpaqueRef:h3'];
  hosts.forEach((h, i) => out.push(ev('host', h, {
    name_label: `host ${i}`, resident_VMs: Array.from({ length: n }, (_, v) => `OpaqueRef:vm${v}`).filter((_, v) => v % 4 === i),
    other_config: {}, tags: [],
  })));
  for (let v = 0; v < n; v++) {
    out.push(ev('VM', `OpaqueRef:vm${v}`, {
      uuid: `u${v}`, name_label: `vm ${v}`, power_state: 'Running', resident_on: hosts[v % 4], VBDs: [`OpaqueRef:vbd${v}`],
      is_a_template: false, is_a_snapshot: false, is_control_domain: false, other_config: { a: 'b' }, tags: [],
      allowed_operations: ['clean_shutdown', 'pause'], current_operations: {}, memory_static_max: '4294967296', platform: { acpi: '1' },
    }));
    out.push(ev('VBD', `OpaqueRef:vbd${v}`, { VM: `OpaqueRef:vm${v}`, VDI: `OpaqueRef:vdi${v}`, userdevice: '0', currently_attached: true }));
    out.push(ev('VDI', `OpaqueRef:vdi${v}`, { SR: 'OpaqueRef:sr', name_label: `disk ${v}`, virtual_size: '1073741824', VBDs: [`OpaqueRef:vbd${v}`] }));
    out.push(ev('VM_metrics', `OpaqueRef:m${v}`, { memory_actual: '1024', VCPUs_utilisation: { 0: 0.5 } }));
  }
  out.push(ev('SR', 'OpaqueRef:sr', { name_label: 'shared', shared: true, PBDs: [], VDIs: Array.from({ length: n }, (_, v) => `OpaqueRef:vdi${v}`) }));
  return out;
}

/** Main's cache as plain objects, and the same for the renderer store of one connection. */
function cacheContents(cache: ObjectCache): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const cls of cache.classes()) out[cls] = Object.fromEntries(cache.getAll(cls));
  return out;
}
function storeContents(store: ReturnType<typeof createAppStore>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [cls, m] of store.getState().objects.get('c1') ?? new Map()) if (m.size) out[cls] = Object.fromEntries(m);
  return out;
}

let deltas: CacheDelta[];
let cache: ObjectCache;
let store: ReturnType<typeof createAppStore>;

beforeEach(() => {
  vi.useFakeTimers();
  deltas = [];
  store = createAppStore();
  cache = new ObjectCache({ connectionId: 'c1', onDelta: (d) => { deltas.push(d); store.getState().applyDelta(d); } });
});
afterEach(() => {
  cache.dispose();
  vi.useRealTimers();
});

/** Runs the slice (and flush) timers until none is left. */
function drain(): void {
  vi.runAllTimers();
}

describe('staged first load', () => {
  it('the first message holds the tree: VM, VBD, VDI tables with the tree fields, hosts without their VM lists; metrics wait', () => {
    cache.replaceAll(pool(1000));
    cache.flush();
    const [first] = deltas;
    expect(first).toMatchObject({ reset: true, loading: true });
    const tables = Object.fromEntries((first.short ?? []).map((t) => [t.cls, t]));
    expect(Object.keys(tables).sort()).toEqual(['vbd', 'vdi', 'vm']);
    expect(tables.vm.fields).toEqual([...FIRST_LOAD_FIELDS.vm]);
    expect(tables.vm.rows).toHaveLength(1000);
    expect(first.changes.some((c) => c.cls === 'vm' || c.cls === 'vm_metrics')).toBe(false);
    const host = first.changes.find((c) => c.cls === 'host')!.record!;
    expect(host.resident_VMs).toBeUndefined();
    expect(host.name_label).toBe('host 0');
    // The renderer draws from it at once: every VM with its tree fields, none of the rest yet.
    const vm = store.getState().objects.get('c1')!.get('vm')!.get('OpaqueRef:vm7')!;
    expect(vm).toMatchObject({ name_label: 'vm 7', power_state: 'Running', resident_on: 'OpaqueRef:h3', VBDs: ['OpaqueRef:vbd7'] });
    expect(vm.platform).toBeUndefined();
    expect(store.getState().objects.get('c1')!.get('vm')!.size).toBe(1000);
    expect(store.getState().loading.has('c1')).toBe(true);
    // Half the bytes or less of the same records whole.
    const whole = JSON.stringify([...cache.getAll('vm').values(), ...cache.getAll('vbd').values(), ...cache.getAll('vdi').values()]).length;
    expect(JSON.stringify(first).length).toBeLessThan(whole);
  });

  it('after the slices, the renderer holds exactly main\'s cache, and each slice stays near SLICE_BYTES', () => {
    cache.replaceAll(pool(1000));
    cache.flush();
    // The first slice waits for the first message to be drawn; the next ones follow a frame apart.
    vi.advanceTimersByTime(FIRST_SLICE_DELAY_MS - 1);
    expect(deltas).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(deltas).toHaveLength(2);
    vi.advanceTimersByTime(SLICE_INTERVAL_MS);
    expect(deltas).toHaveLength(3);
    drain();
    expect(store.getState().loading.has('c1')).toBe(false);
    expect(deltas.at(-1)!.loading).toBe(false);
    expect(storeContents(store)).toEqual(cacheContents(cache));
    for (const d of deltas.slice(1)) expect(JSON.stringify(d).length).toBeLessThan(2 * SLICE_BYTES);
  });

  it('changes, new objects and deletions while slices are pending end in the same state as main', () => {
    cache.replaceAll(pool(600));
    cache.flush();
    vi.advanceTimersByTime(FIRST_SLICE_DELAY_MS + 1); // one slice out
    cache.apply([
      ev('VM', 'OpaqueRef:vm599', { uuid: 'u599', name_label: 'renamed', power_state: 'Halted', VBDs: [] }, 'mod'),
      { class: 'VM', operation: 'del', ref: 'OpaqueRef:vm598' },
      { class: 'VM_metrics', operation: 'del', ref: 'OpaqueRef:m597' },
      ev('VM', 'OpaqueRef:new', { uuid: 'new', name_label: 'new', power_state: 'Halted', VBDs: [] }),
      ev('host', 'OpaqueRef:h1', { name_label: 'host one', resident_VMs: [] }, 'mod'),
    ]);
    cache.flush();
    // The live change went out whole at once (not the short form).
    expect(store.getState().objects.get('c1')!.get('vm')!.get('OpaqueRef:vm599')).toEqual({ uuid: 'u599', name_label: 'renamed', power_state: 'Halted', VBDs: [] });
    drain();
    expect(storeContents(store)).toEqual(cacheContents(cache));
    expect(store.getState().objects.get('c1')!.get('vm')!.has('OpaqueRef:vm598')).toBe(false);
  });

  it('a resync (a second full load) while slices are pending replaces them; the end state is main\'s', () => {
    cache.replaceAll(pool(500));
    cache.flush();
    vi.advanceTimersByTime(FIRST_SLICE_DELAY_MS + 1);
    const second = pool(450).map((e) => (e.class === 'VM' ? { ...e, snapshot: { ...(e.snapshot as object), name_label: `${(e.snapshot as { name_label: string }).name_label}!` } } : e));
    cache.replaceAll(second);
    cache.flush();
    drain();
    expect(storeContents(store)).toEqual(cacheContents(cache));
    expect(store.getState().objects.get('c1')!.get('vm')!.size).toBe(450);
  });

  it('a small pool goes in one message of full records, with no loading state', () => {
    cache.replaceAll(pool(STAGE_MIN_OBJECTS - 10));
    cache.flush();
    expect(deltas).toHaveLength(1);
    expect(deltas[0].short).toBeUndefined();
    expect(deltas[0].loading).toBeUndefined();
    expect(storeContents(store)).toEqual(cacheContents(cache));
    expect(store.getState().loading.size).toBe(0);
  });

  it('a renderer that starts late (state.snapshot) gets the staged form and the slices bring everything', () => {
    cache.replaceAll(pool(800));
    cache.flush();
    drain();
    const late = createAppStore();
    const snap = cache.toDelta();
    expect(snap.short?.length).toBe(3);
    late.getState().applySnapshot({ connections: [], deltas: [snap] });
    expect(late.getState().loading.has('c1')).toBe(true);
    const before = deltas.length;
    drain();
    for (const d of deltas.slice(before)) late.getState().applyDelta(d);
    expect(late.getState().loading.has('c1')).toBe(false);
    const lateContents: Record<string, Record<string, unknown>> = {};
    for (const [cls, m] of late.getState().objects.get('c1')!) if (m.size) lateContents[cls] = Object.fromEntries(m);
    expect(lateContents).toEqual(cacheContents(cache));
  });

  it('no table of a hidden or scrubbed class ever crosses', () => {
    const d: CacheDelta = { connectionId: 'c1', reset: true, changes: [], short: [
      { cls: 'session', fields: ['uuid'], rows: [['OpaqueRef:s', 'x']] }, { cls: 'vm', fields: ['uuid'], rows: [['OpaqueRef:v', 'y']] },
    ] };
    expect(scrubDelta(d, () => false).short?.map((t) => t.cls)).toEqual(['vm']);
  });
});

describe('a first load in two parts (the tree\'s classes, then the rest)', () => {
  const TREE = new Set(TREE_LOAD_CLASSES);
  const lower = (e: CacheEvent) => e.class.toLowerCase();
  const REST = new Set(pool(1).map(lower).filter((c) => !TREE.has(c)));
  const parts = (n: number) => { const all = pool(n); return [all.filter((e) => TREE.has(lower(e))), all.filter((e) => !TREE.has(lower(e)))]; };

  for (const n of [1000, 20]) {
    it(`${n} VMs: loading from the tree's part until the rest and its slices are in; then the renderer holds exactly main's cache`, () => {
      const [tree, rest] = parts(n);
      cache.replaceAll(tree, TREE);
      cache.expectRest(true);
      cache.flush();
      expect(deltas[0]).toMatchObject({ reset: true, loading: true });
      expect(store.getState().objects.get('c1')!.get('vm')!.size).toBe(n);
      // Slices of the tree's part finish before the rest is in: still loading.
      drain();
      expect(store.getState().loading.has('c1')).toBe(true);
      expect(cache.getAll('vm_metrics').size).toBe(0);
      cache.replaceAll(rest, REST);
      cache.expectRest(false);
      drain();
      expect(store.getState().loading.has('c1')).toBe(false);
      expect(deltas.at(-1)!.loading).toBe(false);
      expect(storeContents(store)).toEqual(cacheContents(cache));
      expect(cache.getAll('vm_metrics').size).toBe(n);
      // Nothing of the tree's part was sent twice whole: the rest's delta carries only its own classes.
      const after = deltas.slice(deltas.findIndex((d) => d.changes.some((c) => c.cls === 'vm_metrics')));
      expect(after.flatMap((d) => d.changes).every((c) => REST.has(c.cls))).toBe(true);
    });
  }

  it('the rest replaces only its own classes: a resync\'s second part removes what is gone there and keeps the tree', () => {
    cache.replaceAll(pool(30));
    cache.flush();
    const [, rest] = parts(30);
    cache.replaceAll(rest.filter((e) => e.ref !== 'OpaqueRef:m3'), REST);
    const d = cache.flush()!;
    expect(d.reset).toBe(false);
    expect(d.changes).toEqual([{ cls: 'vm_metrics', ref: 'OpaqueRef:m3', op: 'del' }]);
    expect(cache.getAll('vm').size).toBe(30);
    expect(storeContents(store)).toEqual(cacheContents(cache));
  });

  it('a renderer that starts between the parts is told the connection is loading', () => {
    const [tree] = parts(20);
    cache.replaceAll(tree, TREE);
    cache.expectRest(true);
    cache.flush();
    expect(cache.toDelta().loading).toBe(true);
  });

  it('main\'s own checks wait for the rest: whenComplete resolves when it is in, at once when nothing is due', async () => {
    const seen: string[] = [];
    await cache.whenComplete().then(() => seen.push('before any load'));
    const [tree, rest] = parts(20);
    cache.replaceAll(tree, TREE);
    cache.expectRest(true);
    cache.flush();
    const waiting = cache.whenComplete().then(() => seen.push(`metrics ${cache.getAll('vm_metrics').size}`));
    await Promise.resolve();
    expect(seen).toEqual(['before any load']);
    cache.replaceAll(rest, REST);
    cache.expectRest(false);
    await waiting;
    expect(seen).toEqual(['before any load', 'metrics 20']);
  });

  it('a disconnect between the parts forgets the wait', async () => {
    cache.replaceAll(parts(20)[0], TREE);
    cache.expectRest(true);
    cache.flush();
    const waiting = cache.whenComplete();
    cache.reset();
    await waiting;
    cache.flush();
    expect(store.getState().loading.has('c1')).toBe(false);
    cache.apply([ev('VM', 'OpaqueRef:x', { name_label: 'x' })]);
    expect(cache.flush()!.loading).toBeUndefined();
  });
});

describe('first-load field lists', () => {
  it('a tree part is drawn before the rest only when some class of it would be staged', () => {
    const vms = (n: number) => Array.from({ length: n }, (_, i) => ev(i % 2 ? 'VM' : 'vm', `OpaqueRef:${i}`, {}));
    expect(drawBeforeRest(vms(STAGE_MIN_OBJECTS))).toBe(false);
    expect(drawBeforeRest(vms(STAGE_MIN_OBJECTS + 1))).toBe(true);
    // Many objects spread over classes, none over the line: one message.
    expect(drawBeforeRest([...vms(150), ...vms(150).map((e) => ({ ...e, class: 'VBD' }))])).toBe(false);
    expect(drawBeforeRest([{ class: 7 }, null as never])).toBe(false);
  });

  it('TREE_LOAD_CLASSES are the classes the tree draws from', () => {
    expect([...TREE_LOAD_CLASSES].sort()).toEqual(Object.keys(TREE_FIELDS).sort());
  });

  it('hold every field the tree reads of a staged class, and omit none the tree reads', () => {
    for (const [cls, fields] of Object.entries(FIRST_LOAD_FIELDS)) for (const f of TREE_FIELDS[cls] ?? []) expect(fields, `${cls}.${f}`).toContain(f);
    for (const [cls, omit] of Object.entries(FIRST_LOAD_OMIT)) for (const f of omit) expect(TREE_FIELDS[cls] ?? [], `${cls}.${f}`).not.toContain(f);
  });
});
