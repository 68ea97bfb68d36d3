// Dragging VMs onto a server (features/migrate/drop.ts through framework/drop.ts): the verdict the
// tree shows while dragging, and the one pool_migrate request per VM the drop sends.
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import { judgeDrop, type DropTarget } from '../../renderer/src/framework/drop';
import { CROSS_POOL_DROP, MIGRATE_DROP } from '../../renderer/src/features/migrate/drop';
import type { ConnObjects } from '../../renderer/src/state/store';
import type { Bridge } from '../../renderer/src/bridge/types';

type Rec = Record<string, unknown>;
const conn = (id: string, extra: Partial<ConnectionInfo> = {}): ConnectionInfo =>
  ({ id, url: `https://${id}`, hostname: id, user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [], ...extra });
const vm = (name: string, on: string, ops = ['pool_migrate']): Rec => ({ name_label: name, power_state: 'Running', resident_on: on, allowed_operations: ops, current_operations: {}, is_a_template: false });

function world(over: { h2?: Rec; role?: ConnectionInfo['role'] } = {}) {
  const c1: ConnObjects = new Map<string, Map<string, Rec>>([
    ['vm', new Map([['a', vm('a', 'h1')], ['b', vm('b', 'h1')], ['busy', vm('busy', 'h1', [])]])],
    ['host', new Map([['h1', { name_label: 'h1', enabled: true, metrics: 'm1' }], ['h2', { name_label: 'h2', enabled: true, metrics: 'm2', ...over.h2 }]])],
    ['host_metrics', new Map([['m1', { live: true }], ['m2', { live: true }]])],
    ['sr', new Map([['sr1', { name_label: 'shared' }]])],
  ]);
  const c2: ConnObjects = new Map<string, Map<string, Rec>>([['vm', new Map([['x', vm('x', 'hx')]])]]);
  return { connections: new Map([['c1', conn('c1', over.role ? { role: over.role } : {})], ['c2', conn('c2')]]), objects: new Map([['c1', c1], ['c2', c2]]) };
}
const sel = (...refs: string[]) => refs.map((ref) => ({ connectionId: ref === 'x' ? 'c2' : 'c1', cls: ref.startsWith('sr') ? 'sr' : 'vm', ref }));
const host = (ref: string): DropTarget => ({ kind: 'host', connectionId: 'c1', cls: 'host', ref, name: ref });
const verdict = (dragged: ReturnType<typeof sel>, target: DropTarget, w = world()) => judgeDrop([MIGRATE_DROP], dragged, target, w)?.verdict;

describe('dropping VMs on a server', () => {
  it('onto another live server of their pool: migrate them, named', () => {
    expect(verdict(sel('a'), host('h2'))).toEqual({ ok: true, label: "Migrate 'a' to h2" });
    expect(verdict(sel('a', 'b'), host('h2'))).toEqual({ ok: true, label: 'Migrate 2 VMs to h2' });
  });

  it('refused, with the reason, before the mouse is released', () => {
    expect(verdict(sel('a', 'b'), host('h1'))).toEqual({ ok: false, reason: "'a' is already on h1" });
    expect(verdict(sel('a', 'x'), host('h2'))).toEqual({ ok: false, reason: "'x' is in another pool: use Migrate to Server… to move it between pools" });
    expect(verdict(sel('a', 'sr1'), host('h2'))).toEqual({ ok: false, reason: 'Only VMs can be dropped on a server' });
    expect(verdict(sel('busy'), host('h2'))?.ok).toBe(false);
    expect(verdict(sel('a'), host('h2'), world({ h2: { enabled: false } }))).toEqual({ ok: false, reason: 'h2 cannot take VMs now: it is not live, or it is in maintenance mode' });
    const ro = verdict(sel('a'), host('h2'), world({ role: 'read-only' }));
    expect(ro?.ok === false && ro.reason).toMatch(/needs the .* role or higher/);
  });

  it('not its business: a server dragged, or a drop on something other than a server', () => {
    expect(verdict([{ connectionId: 'c1', cls: 'host', ref: 'h1' }], host('h2'))).toBeUndefined();
    expect(verdict(sel('a'), { kind: 'pool', connectionId: 'c1', cls: 'pool', ref: 'p', name: 'p' })).toBeUndefined();
    expect(judgeDrop([MIGRATE_DROP], [], host('h2'), world())).toBeUndefined();
  });

  it('the drop sends one Async.VM.pool_migrate per VM', async () => {
    const calls: unknown[] = [];
    const bridge = { request: vi.fn(async (_c: string, a: unknown) => { calls.push(a); return { taskRef: `OpaqueRef:t${calls.length}` }; }) } as unknown as Bridge;
    const out = await MIGRATE_DROP.drop(sel('a', 'b'), host('h2'), bridge, world());
    expect(calls).toEqual([
      { connectionId: 'c1', method: 'VM.pool_migrate', args: ['a', 'h2', {}] },
      { connectionId: 'c1', method: 'VM.pool_migrate', args: ['b', 'h2', {}] },
    ]);
    expect(out.map((o) => [o.title, o.vm, o.taskRef])).toEqual([['Migrating VM', 'a', 'OpaqueRef:t1'], ['Migrating VM', 'b', 'OpaqueRef:t2']]);
  });
});

describe('dropping a VM on a server of another pool', () => {
  // c1's VMs and c2's pool: c2 has two servers, one live and one down; c3 is c1's pool reached again.
  function pools(over: { migrateSend?: boolean } = {}) {
    const w = world();
    const c1 = w.objects.get('c1')!;
    c1.set('pool', new Map([['p1', { uuid: 'pool-1', name_label: 'One' }]]));
    c1.get('vm')!.set('m', vm('m', 'h1', over.migrateSend === false ? ['pool_migrate'] : ['pool_migrate', 'migrate_send']));
    const c2: ConnObjects = new Map<string, Map<string, Rec>>([
      ['pool', new Map([['p2', { uuid: 'pool-2', name_label: 'Two' }]])],
      ['host', new Map([['k1', { name_label: 'k1', enabled: true, metrics: 'km1' }], ['k2', { name_label: 'k2', enabled: true, metrics: 'km2' }]])],
      ['host_metrics', new Map([['km1', { live: true }], ['km2', { live: false }]])],
    ]);
    const c3: ConnObjects = new Map<string, Map<string, Rec>>([
      ['pool', new Map([['p1', { uuid: 'pool-1', name_label: 'One' }]])],
      ['host', new Map([['h1', { name_label: 'h1', enabled: true, metrics: 'm1' }]])],
      ['host_metrics', new Map([['m1', { live: true }]])],
    ]);
    return { connections: new Map([...w.connections, ['c3', conn('c3')]]), objects: new Map([['c1', c1], ['c2', c2], ['c3', c3]]) };
  }
  const other = (connectionId: string, ref: string): DropTarget => ({ kind: 'host', connectionId, cls: 'host', ref, name: ref });
  const judged = (refs: string[], target: DropTarget, w = pools()) =>
    judgeDrop([CROSS_POOL_DROP, MIGRATE_DROP], refs.map((ref) => ({ connectionId: 'c1', cls: 'vm', ref })), target, w)?.verdict;

  it('opens Migrate to Server… with that server picked; refused for several VMs, a VM that cannot move between pools, a server down, the same pool', () => {
    expect(judged(['m'], other('c2', 'k1'))).toEqual({ ok: true, label: "Migrate 'm' to k1 in pool 'Two'…" });
    expect(judged(['m', 'a'], other('c2', 'k1'))).toEqual({ ok: false, reason: 'Drag one VM at a time onto a server of another pool: each is asked where its disks and networks go' });
    expect(judged(['m'], other('c2', 'k1'), pools({ migrateSend: false }))).toEqual({ ok: false, reason: "'m' cannot be moved to another pool now" });
    expect(judged(['m'], other('c2', 'k2'))).toEqual({ ok: false, reason: 'k2 cannot take VMs now: it is down or disabled' });
    expect(judged(['m'], other('c3', 'h1'))).toEqual({ ok: false, reason: "'m' cannot be moved to this pool: it is the same pool, reached by another connection" });
    // Within the pool, the pool's own drop still decides.
    expect(judged(['m'], host('h2'))).toEqual({ ok: true, label: "Migrate 'm' to h2" });
  });

  it('the drop opens the dialog on the VM with the server as its partner, and starts nothing', async () => {
    const { useUi } = await import('../../renderer/src/state/ui');
    const bridge = { request: vi.fn() } as unknown as Bridge;
    expect(await CROSS_POOL_DROP.drop([{ connectionId: 'c1', cls: 'vm', ref: 'm' }], other('c2', 'k1'), bridge, pools())).toEqual([]);
    expect(bridge.request).not.toHaveBeenCalled();
    expect(useUi.getState().dialog).toMatchObject({ kind: 'migrateVm', target: { connectionId: 'c1', cls: 'vm', ref: 'm' }, partner: { connectionId: 'c2', cls: 'host', ref: 'k1' } });
  });
});
