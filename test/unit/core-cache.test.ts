import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ObjectCache, type CacheEvent } from '../../electron/core/cache/object-cache';
import type { CacheDelta } from '../../shared/ipc/contract';

const add = (ref: string, rec: Record<string, unknown>, cls = 'vm'): CacheEvent => ({ class: cls, operation: 'add', ref, snapshot: rec });
const mod = (ref: string, rec: Record<string, unknown>, cls = 'vm'): CacheEvent => ({ class: cls, operation: 'mod', ref, snapshot: rec });
const del = (ref: string, cls = 'vm'): CacheEvent => ({ class: cls, operation: 'del', ref });

function cacheWithDeltas(flushIntervalMs = 50): { cache: ObjectCache; deltas: CacheDelta[] } {
  const deltas: CacheDelta[] = [];
  return { cache: new ObjectCache({ connectionId: 'c1', flushIntervalMs, onDelta: (d) => deltas.push(d) }), deltas };
}

describe('ObjectCache.apply', () => {
  it('adds, modifies and deletes records by class and ref', () => {
    const cache = new ObjectCache({ connectionId: 'c1' });
    cache.apply([add('OpaqueRef:a', { name_label: 'A' }), add('OpaqueRef:h', { name_label: 'H' }, 'host')]);
    expect(cache.get('vm', 'OpaqueRef:a')).toEqual({ name_label: 'A' });
    cache.apply([mod('OpaqueRef:a', { name_label: 'A2' })]);
    expect(cache.getAll('vm').get('OpaqueRef:a')).toEqual({ name_label: 'A2' });
    cache.apply([del('OpaqueRef:a')]);
    expect(cache.get('vm', 'OpaqueRef:a')).toBeUndefined();
    expect(cache.getAll('vm').size).toBe(0);
    expect(cache.getAll('host').size).toBe(1);
    expect(cache.size()).toBe(1);
  });

  it('lowercases class names and skips malformed events', () => {
    const cache = new ObjectCache({ connectionId: 'c1' });
    cache.apply([
      { class: 'VM_metrics', operation: 'add', ref: 'OpaqueRef:m', snapshot: { x: 1 } },
      { class: 'vm', operation: 'add', ref: 'OpaqueRef:bad', snapshot: 'nope' },
      { class: 'vm', operation: 'frob', ref: 'OpaqueRef:x', snapshot: {} },
      null as unknown as CacheEvent,
    ]);
    expect(cache.get('vm_metrics', 'OpaqueRef:m')).toEqual({ x: 1 });
    expect(cache.size()).toBe(1);
  });
});

describe('ObjectCache coalescing', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('a change after a quiet spell goes out on the next turn, with the rest of its batch; later ones one interval after the last delta', () => {
    const { cache, deltas } = cacheWithDeltas(50);
    cache.apply([add('OpaqueRef:a', { v: 1 })]);
    cache.apply([mod('OpaqueRef:a', { v: 2 })]);
    cache.apply([add('OpaqueRef:b', { v: 1 })]);
    expect(deltas).toHaveLength(0);
    vi.advanceTimersByTime(0);
    expect(deltas).toEqual([{ connectionId: 'c1', reset: false, changes: [
      { cls: 'vm', ref: 'OpaqueRef:a', op: 'add', record: { v: 2 } },
      { cls: 'vm', ref: 'OpaqueRef:b', op: 'add', record: { v: 1 } },
    ] }]);
    // A stream: the next changes wait out the interval since that delta, then go out as one.
    vi.advanceTimersByTime(10);
    cache.apply([mod('OpaqueRef:a', { v: 3 })]);
    vi.advanceTimersByTime(20);
    cache.apply([mod('OpaqueRef:b', { v: 2 })]);
    vi.advanceTimersByTime(19);
    expect(deltas).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(deltas).toHaveLength(2);
    expect(deltas[1].changes.map((c) => [c.ref, c.record])).toEqual([['OpaqueRef:a', { v: 3 }], ['OpaqueRef:b', { v: 2 }]]);
    vi.advanceTimersByTime(500);
    expect(deltas).toHaveLength(2);
    // Quiet for longer than the interval: the next change goes at once again.
    cache.apply([mod('OpaqueRef:a', { v: 4 })]);
    vi.advanceTimersByTime(0);
    expect(deltas).toHaveLength(3);
  });

  it('a clock stepped back does not hold deltas longer than one interval', () => {
    const { cache, deltas } = cacheWithDeltas(50);
    cache.apply([add('OpaqueRef:a', { v: 1 })]);
    vi.advanceTimersByTime(0);
    vi.setSystemTime(Date.now() - 3_600_000);
    cache.apply([mod('OpaqueRef:a', { v: 2 })]);
    vi.advanceTimersByTime(50);
    expect(deltas).toHaveLength(2);
  });

  it('add+mod -> add, add+del -> nothing, mod+del -> del with the final record, del+add -> add, mod+mod -> mod', () => {
    const { cache, deltas } = cacheWithDeltas();
    cache.apply([add('OpaqueRef:m', { v: 0 }), add('OpaqueRef:d', { v: 0 }), add('OpaqueRef:r', { v: 0 })]);
    cache.flush();
    cache.apply([
      add('OpaqueRef:a', { v: 1 }), mod('OpaqueRef:a', { v: 2 }),
      add('OpaqueRef:gone', { v: 1 }), del('OpaqueRef:gone'),
      mod('OpaqueRef:d', { v: 1 }), del('OpaqueRef:d'),
      del('OpaqueRef:r'), add('OpaqueRef:r', { v: 9 }),
      mod('OpaqueRef:m', { v: 1 }), mod('OpaqueRef:m', { v: 2 }),
      del('OpaqueRef:never-seen'),
    ]);
    const d = cache.flush();
    expect(d?.reset).toBe(false);
    expect(d?.changes).toEqual([
      { cls: 'vm', ref: 'OpaqueRef:a', op: 'add', record: { v: 2 } },
      { cls: 'vm', ref: 'OpaqueRef:d', op: 'del', record: { v: 1 } },
      { cls: 'vm', ref: 'OpaqueRef:r', op: 'add', record: { v: 9 } },
      { cls: 'vm', ref: 'OpaqueRef:m', op: 'mod', record: { v: 2 } },
    ]);
    expect(deltas).toHaveLength(2);
    expect(cache.flush()).toBeUndefined();
  });

  it('a task that finishes and is destroyed within one window: the del carries its final record', () => {
    const { cache, deltas } = cacheWithDeltas(50);
    cache.apply([add('OpaqueRef:t', { name_label: 'Export', status: 'pending', progress: 0.3 }, 'task')]);
    vi.advanceTimersByTime(50);
    const final = { name_label: 'Export', status: 'success', progress: 1, result: 'OpaqueRef:vm' };
    cache.apply([mod('OpaqueRef:t', final, 'task')]);
    cache.apply([del('OpaqueRef:t', 'task')]);
    vi.advanceTimersByTime(50);
    expect(deltas).toHaveLength(2);
    expect(deltas[1]).toEqual({ connectionId: 'c1', reset: false, changes: [{ cls: 'task', ref: 'OpaqueRef:t', op: 'del', record: final }] });
    // Gone from the cache itself: the final record travels in the delta only.
    expect(cache.get('task', 'OpaqueRef:t')).toBeUndefined();
    expect(cache.size()).toBe(0);
  });

  it('a del with no change in its window carries no record', () => {
    const { cache } = cacheWithDeltas();
    cache.apply([add('OpaqueRef:t', { status: 'success' }, 'task')]);
    cache.flush();
    cache.apply([del('OpaqueRef:t', 'TASK')]);
    expect(cache.flush()?.changes).toEqual([{ cls: 'task', ref: 'OpaqueRef:t', op: 'del' }]);
  });

  it('add+del of a task in one window still delivers its final state; of other classes nothing', () => {
    const { cache } = cacheWithDeltas();
    const failed = { name_label: 'VM.start', status: 'failure', progress: 1, error_info: ['VM_BAD_POWER_STATE'] };
    cache.apply([
      add('OpaqueRef:quick', { name_label: 'VM.start', status: 'pending', progress: 0 }, 'task'),
      mod('OpaqueRef:quick', failed, 'task'),
      del('OpaqueRef:quick', 'task'),
      add('OpaqueRef:v', { v: 1 }), del('OpaqueRef:v'),
      add('OpaqueRef:h', { v: 1 }, 'host'), mod('OpaqueRef:h', { v: 2 }, 'host'), del('OpaqueRef:h', 'host'),
      del('OpaqueRef:never-seen', 'task'),
    ]);
    expect(cache.flush()?.changes).toEqual([{ cls: 'task', ref: 'OpaqueRef:quick', op: 'del', record: failed }]);
    expect(cache.size()).toBe(0);
  });

  it('del, add, del in one window: the del carries the record of the re-add', () => {
    const { cache } = cacheWithDeltas();
    cache.apply([add('OpaqueRef:a', { v: 0 }, 'task')]);
    cache.flush();
    cache.apply([del('OpaqueRef:a', 'task'), add('OpaqueRef:a', { v: 5 }, 'task'), del('OpaqueRef:a', 'task'), del('OpaqueRef:a', 'task')]);
    expect(cache.flush()?.changes).toEqual([{ cls: 'task', ref: 'OpaqueRef:a', op: 'del', record: { v: 5 } }]);
  });

  it('reset drops pending changes and flags the next delta', () => {
    const { cache } = cacheWithDeltas();
    cache.apply([add('OpaqueRef:a', { v: 1 })]);
    cache.flush();
    cache.apply([mod('OpaqueRef:a', { v: 2 })]);
    cache.reset();
    expect(cache.size()).toBe(0);
    cache.apply([add('OpaqueRef:b', { v: 1 })]);
    expect(cache.flush()).toEqual({ connectionId: 'c1', reset: true, changes: [{ cls: 'vm', ref: 'OpaqueRef:b', op: 'add', record: { v: 1 } }] });
    // A reset with nothing after it still goes out, so the renderer drops what it had.
    cache.reset();
    expect(cache.flush()).toEqual({ connectionId: 'c1', reset: true, changes: [] });
  });

  it('toDelta returns everything as one reset delta', () => {
    const { cache } = cacheWithDeltas();
    cache.apply([add('OpaqueRef:a', { v: 1 }), add('OpaqueRef:h', { n: 1 }, 'host')]);
    expect(cache.toDelta()).toEqual({ connectionId: 'c1', reset: true, changes: [
      { cls: 'vm', ref: 'OpaqueRef:a', op: 'add', record: { v: 1 } },
      { cls: 'host', ref: 'OpaqueRef:h', op: 'add', record: { n: 1 } },
    ] });
  });
});

describe('ObjectCache with hostile records', () => {
  it('refs and records named __proto__ / constructor do not pollute prototypes', () => {
    const cache = new ObjectCache({ connectionId: 'c1' });
    const rec = JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"name_label":"x"}') as Record<string, unknown>;
    cache.apply([
      add('__proto__', rec), add('constructor', rec), add('OpaqueRef:a', rec),
      { class: '__proto__', operation: 'add', ref: 'OpaqueRef:b', snapshot: rec },
      { class: 'constructor', operation: 'add', ref: '__proto__', snapshot: rec },
    ]);
    cache.apply([mod('__proto__', rec)]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(cache.get('vm', '__proto__')).toBe(rec);
    expect(cache.get('__proto__', 'OpaqueRef:b')).toBe(rec);
    expect(cache.getAll('constructor').size).toBe(1);
    const d = cache.flush();
    expect(d?.changes).toHaveLength(5);
    expect(JSON.parse(JSON.stringify(d)).changes[0].record.name_label).toBe('x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('ObjectCache.replaceAll (a full load replaces the cache)', () => {
  /** What a renderer holds after applying the deltas in order. */
  function replay(deltas: CacheDelta[]): Map<string, Record<string, unknown>> {
    const view = new Map<string, Record<string, unknown>>();
    for (const d of deltas) {
      if (d.reset) view.clear();
      for (const ch of d.changes) {
        if (ch.op === 'del') view.delete(`${ch.cls} ${ch.ref}`);
        else if (ch.record) view.set(`${ch.cls} ${ch.ref}`, ch.record);
      }
    }
    return view;
  }
  const contents = (cache: ObjectCache): Map<string, Record<string, unknown>> => {
    const out = new Map<string, Record<string, unknown>>();
    for (const cls of cache.classes()) for (const [ref, rec] of cache.getAll(cls)) out.set(`${cls} ${ref}`, rec);
    return out;
  };

  it('an empty cache loads with a reset delta', () => {
    const { cache } = cacheWithDeltas();
    cache.replaceAll([add('OpaqueRef:a', { v: 1 })]);
    expect(cache.flush()).toEqual({ connectionId: 'c1', reset: true, changes: [{ cls: 'vm', ref: 'OpaqueRef:a', op: 'add', record: { v: 1 } }] });
  });

  it('sends one delta with dels for what is gone, adds for what is new, mods for what changed, nothing for the rest', () => {
    const { cache, deltas } = cacheWithDeltas();
    cache.apply([
      add('OpaqueRef:same', { name_label: 'same', other_config: { a: '1', b: '2' } }),
      add('OpaqueRef:changed', { name_label: 'before' }),
      add('OpaqueRef:gone', { name_label: 'old pool' }),
      add('OpaqueRef:oldhost', { name_label: 'old host' }, 'host'),
    ]);
    cache.flush();
    cache.replaceAll([
      // Same content, keys in another order: not a change.
      add('OpaqueRef:same', { other_config: { b: '2', a: '1' }, name_label: 'same' }),
      add('OpaqueRef:changed', { name_label: 'after' }),
      add('OpaqueRef:new', { name_label: 'new pool' }),
      add('OpaqueRef:newhost', { name_label: 'new host' }, 'host'),
    ]);
    const d = cache.flush();
    expect(d?.reset).toBe(false);
    const byRef = new Map(d?.changes.map((ch) => [ch.ref, ch]));
    expect(d?.changes).toHaveLength(5);
    expect(byRef.get('OpaqueRef:gone')).toEqual({ cls: 'vm', ref: 'OpaqueRef:gone', op: 'del' });
    expect(byRef.get('OpaqueRef:oldhost')).toEqual({ cls: 'host', ref: 'OpaqueRef:oldhost', op: 'del' });
    expect(byRef.get('OpaqueRef:changed')).toEqual({ cls: 'vm', ref: 'OpaqueRef:changed', op: 'mod', record: { name_label: 'after' } });
    expect(byRef.get('OpaqueRef:new')).toEqual({ cls: 'vm', ref: 'OpaqueRef:new', op: 'add', record: { name_label: 'new pool' } });
    expect(byRef.get('OpaqueRef:newhost')).toEqual({ cls: 'host', ref: 'OpaqueRef:newhost', op: 'add', record: { name_label: 'new host' } });
    expect(byRef.has('OpaqueRef:same')).toBe(false);
    // The cache and what a renderer holds after the deltas are both exactly the new load.
    expect(contents(cache)).toEqual(new Map([
      ['vm OpaqueRef:same', { name_label: 'same', other_config: { a: '1', b: '2' } }],
      ['vm OpaqueRef:changed', { name_label: 'after' }],
      ['vm OpaqueRef:new', { name_label: 'new pool' }],
      ['host OpaqueRef:newhost', { name_label: 'new host' }],
    ]));
    expect(replay(deltas)).toEqual(contents(cache));
  });

  it('with changes still pending from before, the renderer ends equal to the load too', () => {
    const { cache, deltas } = cacheWithDeltas();
    cache.apply([add('OpaqueRef:a', { v: 1 }), add('OpaqueRef:b', { v: 1 })]);
    cache.flush();
    // Not flushed yet: b modified, c added, a deleted.
    cache.apply([mod('OpaqueRef:b', { v: 2 }), add('OpaqueRef:c', { v: 1 }), del('OpaqueRef:a')]);
    cache.replaceAll([add('OpaqueRef:a', { v: 9 }), add('OpaqueRef:d', { v: 1 })]);
    cache.flush();
    expect(contents(cache)).toEqual(new Map([['vm OpaqueRef:a', { v: 9 }], ['vm OpaqueRef:d', { v: 1 }]]));
    expect(replay(deltas)).toEqual(contents(cache));
    // c came and went within the window: the renderer never hears of it.
    expect(deltas.at(-1)?.changes.some((ch) => ch.ref === 'OpaqueRef:c')).toBe(false);
  });

  it('a load that says nothing new sends no delta', () => {
    const { cache } = cacheWithDeltas();
    cache.apply([add('OpaqueRef:a', { v: 1, list: [1, 2] })]);
    cache.flush();
    cache.replaceAll([add('OpaqueRef:a', { v: 1, list: [1, 2] })]);
    expect(cache.flush()).toBeUndefined();
  });
});

describe('ObjectCache.replaceAll with hostile records', () => {
  it('a record nested too deep to compare is taken as changed, and __proto__ keys compare as data', () => {
    const cache = new ObjectCache({ connectionId: 'c1' });
    const nested = (): Record<string, unknown> => {
      const top: Record<string, unknown> = {};
      let at = top;
      for (let i = 0; i < 200_000; i++) { const next = {}; at.x = next; at = next; }
      return top;
    };
    const proto = JSON.parse('{"__proto__":{"polluted":"yes"},"name_label":"p"}') as Record<string, unknown>;
    cache.apply([add('OpaqueRef:deep', nested()), add('OpaqueRef:p', proto)]);
    cache.flush();
    const again = JSON.parse('{"__proto__":{"polluted":"no"},"name_label":"p"}') as Record<string, unknown>;
    expect(() => cache.replaceAll([add('OpaqueRef:deep', nested()), add('OpaqueRef:p', again)])).not.toThrow();
    const d = cache.flush();
    expect(d?.changes.map((ch) => `${ch.op} ${ch.ref}`).sort()).toEqual(['mod OpaqueRef:deep', 'mod OpaqueRef:p']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('ObjectCache.markStep', () => {
  const KEY = 'xenclient_subtask_of';
  it('marks a step task in every record the cache holds or receives, before the server has the mark', () => {
    const cache = new ObjectCache({ connectionId: 'c1' });
    // The response came first: records arriving later carry the mark.
    cache.markStep('OpaqueRef:sub1', 'OpaqueRef:parent');
    cache.apply([add('OpaqueRef:sub1', { status: 'pending', other_config: {} }, 'task')]);
    expect(cache.get('task', 'OpaqueRef:sub1')).toEqual({ status: 'pending', other_config: { [KEY]: 'OpaqueRef:parent' } });
    cache.apply([mod('OpaqueRef:sub1', { status: 'success', other_config: { other: 'x' } }, 'task')]);
    expect(cache.get('task', 'OpaqueRef:sub1')?.other_config).toEqual({ other: 'x', [KEY]: 'OpaqueRef:parent' });
    // The event came first: the record held is marked at once.
    cache.apply([add('OpaqueRef:sub2', { status: 'pending' }, 'task')]);
    cache.markStep('OpaqueRef:sub2', 'OpaqueRef:parent');
    expect(cache.get('task', 'OpaqueRef:sub2')?.other_config).toEqual({ [KEY]: 'OpaqueRef:parent' });
    // Other tasks and classes are untouched; a deleted task forgets its mark.
    cache.apply([add('OpaqueRef:t3', { status: 'pending', other_config: {} }, 'task'), del('OpaqueRef:sub1', 'task')]);
    expect(cache.get('task', 'OpaqueRef:t3')?.other_config).toEqual({});
    cache.apply([add('OpaqueRef:sub1', { other_config: {} }, 'task')]);
    expect(cache.get('task', 'OpaqueRef:sub1')?.other_config).toEqual({});
  });
});
