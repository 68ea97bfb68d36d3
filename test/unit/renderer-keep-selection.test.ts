// Where the selection goes when its row vanishes (renderer/src/tree/keep-selection.ts): the same
// object elsewhere, else its parent (as XenCenter), following a cross-pool migration by uuid.
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo, ObjectChange } from '../../shared/ipc/contract';
import { createAppStore } from '../../renderer/src/state/store';
import { refFromTaskResult, revealTaskResult } from '../../renderer/src/state/reveal-result';
import { useUi } from '../../renderer/src/state/ui';
import { buildInfrastructureTree, type ConnectionObjects } from '../../renderer/src/tree/build-tree';
import {
  FOLLOW_MS, ancestorsOf, findReveal, fixSelection, indexTree, rememberSelection, type PendingFollow, type SelectionMemory,
} from '../../renderer/src/tree/keep-selection';

type Rec = Record<string, unknown>;
const NULL = 'OpaqueRef:NULL';

const conn = (id: string, status: ConnectionInfo['status'] = 'connected'): ConnectionInfo =>
  ({ id, url: `https://${id}.example`, hostname: `${id}.example`, user: 'root', status, saved: false, hasStoredPassword: false, poolMembers: [] });

function objs(hosts: string[], vms: Array<[string, Rec]>, pool = 'Lab'): ConnectionObjects {
  const o: ConnectionObjects = new Map([['pool', new Map()], ['host', new Map()], ['host_metrics', new Map()], ['vm', new Map()]]);
  o.get('pool')!.set('p', { name_label: pool, master: hosts[0], uuid: `pool-${pool}` });
  for (const h of hosts) {
    o.get('host')!.set(h, { name_label: h, metrics: `${h}-m`, enabled: true, uuid: `u-${h}` });
    o.get('host_metrics')!.set(`${h}-m`, { live: true });
  }
  for (const [ref, r] of vms) {
    o.get('vm')!.set(ref, { name_label: ref, power_state: 'Halted', resident_on: NULL, affinity: NULL, VBDs: [], is_a_template: false, is_a_snapshot: false, is_control_domain: false, ...r });
  }
  return o;
}

function world(c1: ConnectionObjects | null, c2?: ConnectionObjects, statuses: Array<ConnectionInfo['status']> = ['connected', 'connected']) {
  const objects = new Map<string, ConnectionObjects>();
  if (c1) objects.set('c1', c1);
  if (c2) objects.set('c2', c2);
  const connections = [conn('c1', statuses[0]), ...(c2 ? [conn('c2', statuses[1])] : [])].filter((c) => c.id !== 'c1' || c1);
  return { objects, index: indexTree(buildInfrastructureTree({ connections, objects })) };
}

const running = (host: string, uuid: string): Rec => ({ power_state: 'Running', resident_on: host, uuid });

describe('keep-selection', () => {
  const before = world(objs(['h1', 'h2'], [['web', running('h1', 'u-web')], ['db', { uuid: 'u-db' }]]));
  const remember = (id: string): SelectionMemory => rememberSelection(before.index, before.objects, id)!;

  it('remembers the uuid and the ancestors, nearest first', () => {
    expect(remember('c1|vm|web')).toEqual({
      nodeId: 'c1|vm|web', connectionId: 'c1', cls: 'vm', ref: 'web', uuid: 'u-web', ancestors: ['c1|host|h1', 'c1|pool|p'],
    });
    expect(ancestorsOf(before.index, 'c1|vm|web')).toEqual(['c1|host|h1', 'c1|pool|p']);
  });

  it('keeps a selection whose row is still there, and follows an object that moved within its pool', () => {
    expect(fixSelection(before.index, before.objects, 'c1|vm|web', remember('c1|vm|web'), null, 0)).toEqual({ kind: 'keep' });
    // "web" migrated to h2: the same row id under another host, so the selection stays on it.
    const after = world(objs(['h1', 'h2'], [['web', running('h2', 'u-web')], ['db', { uuid: 'u-db' }]]));
    expect(fixSelection(after.index, after.objects, 'c1|vm|web', remember('c1|vm|web'), null, 0)).toEqual({ kind: 'keep' });
    expect(ancestorsOf(after.index, 'c1|vm|web')).toEqual(['c1|host|h2', 'c1|pool|p']);
  });

  it('a deleted VM hands the selection to its parent, which follows it if it turns up in another pool', () => {
    const gone = world(objs(['h1', 'h2'], [['db', { uuid: 'u-db' }]]), objs(['x'], [], 'Other'));
    const fix = fixSelection(gone.index, gone.objects, 'c1|vm|web', remember('c1|vm|web'), null, 1000);
    expect(fix).toMatchObject({ kind: 'select', node: { id: 'c1|host|h1' } });
    const follow = (fix as { follow: PendingFollow }).follow;
    expect(follow).toEqual({ cls: 'vm', ref: 'web', uuid: 'u-web', fromConnection: 'c1', parentId: 'c1|host|h1', until: 1000 + FOLLOW_MS });
    // The destination's events add it (same uuid, another ref) while the parent is still selected.
    const there = world(objs(['h1', 'h2'], [['db', { uuid: 'u-db' }]]), objs(['x'], [['w9', running('x', 'u-web')]], 'Other'));
    expect(fixSelection(there.index, there.objects, 'c1|host|h1', null, follow, 2000)).toMatchObject({ kind: 'select', node: { id: 'c2|vm|w9' } });
    // Not once the user chose something else, nor after FOLLOW_MS.
    expect(fixSelection(there.index, there.objects, 'c1|host|h2', null, follow, 2000)).toEqual({ kind: 'keep' });
    expect(fixSelection(there.index, there.objects, 'c1|host|h1', null, follow, 1000 + FOLLOW_MS)).toEqual({ kind: 'keep' });
    // Back in its own connection (its host live again, a tag given back): followed too.
    const back = world(objs(['h1', 'h2'], [['web', running('h2', 'u-web')], ['db', { uuid: 'u-db' }]]));
    expect(fixSelection(back.index, back.objects, 'c1|host|h1', null, follow, 2000)).toMatchObject({ kind: 'select', node: { id: 'c1|vm|web' } });
  });

  it('a VM already in the other pool is found by uuid at once (never an object of another class)', () => {
    const moved = world(objs(['h1', 'h2'], []), objs(['x'], [['w9', running('x', 'u-web')]], 'Other'));
    expect(fixSelection(moved.index, moved.objects, 'c1|vm|web', remember('c1|vm|web'), null, 0)).toMatchObject({ kind: 'select', node: { id: 'c2|vm|w9' } });
    // A host of the uuid "u-web" would not do: only a VM.
    const hostOnly = world(objs(['h1', 'h2'], []), objs(['x'], [], 'Other'));
    hostOnly.objects.get('c2')!.get('host')!.get('x')!.uuid = 'u-web';
    expect(fixSelection(hostOnly.index, hostOnly.objects, 'c1|vm|web', remember('c1|vm|web'), null, 0)).toMatchObject({ kind: 'select', node: { id: 'c1|host|h1' } });
  });

  it('a host gone with its VM: the nearest ancestor left; a disconnected server: its own node; a forgotten one: nothing', () => {
    const noHost = world(objs(['h2'], [['db', { uuid: 'u-db' }]]));
    expect(fixSelection(noHost.index, noHost.objects, 'c1|vm|web', remember('c1|vm|web'), null, 0)).toMatchObject({ kind: 'select', node: { id: 'c1|pool|p' } });
    const disconnected = world(new Map(), undefined, ['disconnected']);
    expect(fixSelection(disconnected.index, disconnected.objects, 'c1|vm|web', remember('c1|vm|web'), null, 0)).toMatchObject({ kind: 'select', node: { id: 'c1|connection', kind: 'connection' } });
    const forgotten = world(null, objs(['x'], [], 'Other'));
    expect(fixSelection(forgotten.index, forgotten.objects, 'c1|vm|web', remember('c1|vm|web'), null, 0)).toMatchObject({ kind: 'clear' });
    // Without anything remembered (the record never reached the renderer): the connection's node, else nothing.
    expect(fixSelection(disconnected.index, disconnected.objects, 'c1|vm|zzz', null, null, 0)).toMatchObject({ kind: 'select', node: { id: 'c1|connection' } });
  });

  it('finds what was asked to be revealed: an object, or a connection\'s top-level node', () => {
    expect(findReveal(before.index, { connectionId: 'c1', cls: 'vm', ref: 'db' })?.node.id).toBe('c1|vm|db');
    expect(findReveal(before.index, { connectionId: 'c1' })?.node.id).toBe('c1|pool|p');
    expect(findReveal(before.index, { connectionId: 'c1', cls: 'vm', ref: 'nope' })).toBeUndefined();
  });
});

describe('revealTaskResult', () => {
  const task = (status: string, result = ''): ObjectChange => ({ op: 'mod', cls: 'task', ref: 'OpaqueRef:t1', record: { name_label: 'New VM', status, progress: 0, result, created: '', finished: '' } });

  it('reads the ref from xapi\'s value text', () => {
    expect(refFromTaskResult('<value>OpaqueRef:1b2-c3</value>')).toBe('OpaqueRef:1b2-c3');
    expect(refFromTaskResult('OpaqueRef:ab')).toBe('OpaqueRef:ab');
    expect(refFromTaskResult('')).toBeUndefined();
  });

  it('asks the tree to select what the task made, once it succeeds; nothing when it fails', () => {
    const store = createAppStore();
    useUi.setState({ selectedNodeId: 'c1|pool|p', pendingReveal: null });
    revealTaskResult(store, 'c1', 'OpaqueRef:t1', 'vm', 'c1|pool|p');
    store.getState().applyDelta({ connectionId: 'c1', reset: false, changes: [task('pending')] });
    expect(useUi.getState().pendingReveal).toBeNull();
    store.getState().applyDelta({ connectionId: 'c1', reset: false, changes: [task('success', '<value>OpaqueRef:vm9</value>')] });
    expect(useUi.getState().pendingReveal).toEqual({ connectionId: 'c1', cls: 'vm', ref: 'OpaqueRef:vm9', from: 'c1|pool|p' });

    useUi.setState({ pendingReveal: null });
    const other = createAppStore();
    revealTaskResult(other, 'c1', 'OpaqueRef:t1', 'vm', null);
    other.getState().applyDelta({ connectionId: 'c1', reset: false, changes: [task('failure')] });
    other.getState().applyDelta({ connectionId: 'c1', reset: false, changes: [task('success', '<value>OpaqueRef:late</value>')] });
    expect(useUi.getState().pendingReveal).toBeNull();
  });
});
