import { describe, expect, it, vi } from 'vitest';
import type { BridgeEvent, CacheDelta, ConnectionInfo, RequestArgs, RequestChannel, RequestResult } from '../../shared/ipc/contract';
import type { Bridge } from '../../renderer/src/bridge/types';
import { createAppStore, getRecord, parseXapiDate, taskKey } from '../../renderer/src/state/store';
import { startSync } from '../../renderer/src/state/sync';
import { errorText } from '../../renderer/src/xapi-model/errors';
import { STATUS_TEXT } from '../../renderer/src/app/EventsPanel';

const c1: ConnectionInfo = { id: 'c1', url: 'https://a', hostname: 'a', user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] };
const c2: ConnectionInfo = { id: 'c2', url: 'https://b', hostname: 'b', user: 'root', status: 'connecting', saved: false, hasStoredPassword: false, poolMembers: [] };

const delta = (changes: CacheDelta['changes'], reset = false, connectionId = 'c1'): CacheDelta => ({ connectionId, reset, changes });

describe('store', () => {
  it('applies a snapshot, then add/mod/del deltas', () => {
    const store = createAppStore();
    store.getState().applySnapshot({
      connections: [c1, c2],
      deltas: [delta([
        { cls: 'VM', ref: 'vm1', op: 'add', record: { name_label: 'one', power_state: 'Halted' } },
        { cls: 'host', ref: 'h1', op: 'add', record: { name_label: 'host' } },
      ], true)],
    });
    let s = store.getState();
    expect([...s.connections.keys()]).toEqual(['c1', 'c2']);
    expect(s.snapshotLoaded).toBe(true);
    expect(getRecord(s, 'c1', 'vm', 'vm1')).toEqual({ name_label: 'one', power_state: 'Halted' });
    const v0 = s.treeVersion;
    const before = getRecord(s, 'c1', 'host', 'h1');

    s.applyDelta(delta([
      { cls: 'vm', ref: 'vm2', op: 'add', record: { name_label: 'two' } },
      { cls: 'vm', ref: 'vm1', op: 'mod', record: { name_label: 'one', power_state: 'Running' } },
    ]));
    s = store.getState();
    expect(getRecord(s, 'c1', 'vm', 'vm1')).toMatchObject({ power_state: 'Running' });
    expect(getRecord(s, 'c1', 'vm', 'vm2')).toMatchObject({ name_label: 'two' });
    expect(getRecord(s, 'c1', 'host', 'h1')).toBe(before);
    expect(s.treeVersion).toBe(v0 + 1);

    s.applyDelta(delta([{ cls: 'vm', ref: 'vm2', op: 'del' }]));
    s = store.getState();
    expect(getRecord(s, 'c1', 'vm', 'vm2')).toBeUndefined();
    expect(s.objects.get('c1')!.get('vm')!.size).toBe(1);
  });

  it('drops the connection\'s objects on reset, leaving other connections alone', () => {
    const store = createAppStore();
    store.getState().applySnapshot({ connections: [c1, { ...c2, status: 'connected' }], deltas: [
      delta([{ cls: 'vm', ref: 'vm1', op: 'add', record: { name_label: 'old' } }]),
      delta([{ cls: 'vm', ref: 'x', op: 'add', record: { name_label: 'other' } }], false, 'c2'),
    ] });
    store.getState().applyDelta(delta([{ cls: 'vm', ref: 'vm9', op: 'add', record: { name_label: 'new' } }], true));
    const s = store.getState();
    expect([...s.objects.get('c1')!.get('vm')!.keys()]).toEqual(['vm9']);
    expect(getRecord(s, 'c2', 'vm', 'x')).toMatchObject({ name_label: 'other' });
  });

  it('does not bump the tree version for classes the tree ignores', () => {
    const store = createAppStore();
    store.getState().applySnapshot({ connections: [c1], deltas: [] });
    const t = store.getState().treeVersion;
    store.getState().applyDelta(delta([{ cls: 'vm_metrics', ref: 'm', op: 'add', record: { memory_actual: 1 } }]));
    expect(store.getState().treeVersion).toBe(t);
    expect(store.getState().version).toBeGreaterThan(0);
    // A VM change the tree does not read (allowed_operations) leaves it alone too; a power state change does not.
    store.getState().applyDelta(delta([{ cls: 'vm', ref: 'v', op: 'add', record: { name_label: 'v', power_state: 'Halted', allowed_operations: [] } }]));
    const t2 = store.getState().treeVersion;
    expect(t2).toBe(t + 1);
    store.getState().applyDelta(delta([{ cls: 'vm', ref: 'v', op: 'mod', record: { name_label: 'v', power_state: 'Halted', allowed_operations: ['start'] } }]));
    expect(store.getState().treeVersion).toBe(t2);
    expect(getRecord(store.getState(), 'c1', 'vm', 'v')).toMatchObject({ allowed_operations: ['start'] });
    store.getState().applyDelta(delta([{ cls: 'vm', ref: 'v', op: 'mod', record: { name_label: 'v', power_state: 'Running', allowed_operations: [] } }]));
    expect(store.getState().treeVersion).toBe(t2 + 1);
    store.getState().applyDelta(delta([{ cls: 'vm', ref: 'v', op: 'del' }]));
    expect(store.getState().treeVersion).toBe(t2 + 2);
  });

  it('applies connection events and removal', () => {
    const store = createAppStore();
    store.getState().applySnapshot({ connections: [c2], deltas: [] });
    store.getState().applyConnection({ ...c2, status: 'failed', error: { code: 'CONNECTION_FAILED', params: [], message: 'refused' } });
    expect(store.getState().connections.get('c2')!.status).toBe('failed');
    store.getState().applyDelta(delta([{ cls: 'pool', ref: 'p', op: 'add', record: {} }], false, 'c2'));
    store.getState().removeConnection('c2');
    expect(store.getState().connections.size).toBe(0);
    expect(store.getState().objects.has('c2')).toBe(false);
  });

  it('remembers tasks after the server destroys them', () => {
    const store = createAppStore();
    store.getState().applySnapshot({ connections: [c1], deltas: [] });
    store.getState().applyDelta(delta([{ cls: 'task', ref: 't1', op: 'add', record: {
      name_label: 'Async.VM.start', status: 'pending', progress: 0.25, created: '20260101T10:00:00Z', finished: '19700101T00:00:00Z', error_info: [], subtask_of: 'OpaqueRef:NULL',
    } }]));
    let t = store.getState().tasks.get(taskKey('c1', 't1'))!;
    expect(t).toMatchObject({ status: 'pending', progress: 0.25, finished: 0, nameLabel: 'Async.VM.start' });
    expect(t.created).toBe(Date.UTC(2026, 0, 1, 10));
    store.getState().applyDelta(delta([{ cls: 'task', ref: 't1', op: 'mod', record: {
      name_label: 'Async.VM.start', status: 'failure', progress: 1, created: '20260101T10:00:00Z', finished: '20260101T10:00:05Z',
      error_info: ['VM_BAD_POWER_STATE', 'vm', 'halted', 'running'],
    } }]));
    store.getState().applyDelta(delta([{ cls: 'task', ref: 't1', op: 'del' }]));
    t = store.getState().tasks.get(taskKey('c1', 't1'))!;
    expect(t).toMatchObject({ status: 'failure', gone: true, errorInfo: ['VM_BAD_POWER_STATE', 'vm', 'halted', 'running'] });
    expect(store.getState().objects.get('c1')!.get('task')!.size).toBe(0);
  });

  it('a task deleted with its final record (finished and destroyed within one core flush) shows how it ended', () => {
    const store = createAppStore();
    store.getState().applySnapshot({ connections: [c1], deltas: [] });
    const pending = { name_label: 'Export of vm', status: 'pending', progress: 0.5, created: '20260101T10:00:00Z', finished: '19700101T00:00:00Z', error_info: [] };
    store.getState().applyDelta(delta([
      { cls: 'task', ref: 't1', op: 'add', record: pending },
      { cls: 'task', ref: 't2', op: 'add', record: { ...pending, name_label: 'Import' } },
    ]));
    const v = store.getState().taskVersion;
    store.getState().applyDelta(delta([
      { cls: 'task', ref: 't1', op: 'del', record: { ...pending, status: 'success', progress: 1, finished: '20260101T10:00:09Z', result: 'OpaqueRef:x' } },
      { cls: 'task', ref: 't2', op: 'del', record: { ...pending, name_label: 'Import', status: 'failure', progress: 1, finished: '20260101T10:00:09Z', error_info: ['IMPORT_ERROR', 'bad'] } },
      // Another client's quick task the renderer never saw running (added and deleted in one flush).
      { cls: 'task', ref: 't3', op: 'del', record: { ...pending, name_label: 'Async.VM.clean_shutdown', status: 'success', progress: 1, finished: '20260101T10:00:09Z' } },
    ]));
    const s = store.getState();
    expect(s.taskVersion).toBe(v + 1);
    expect(s.tasks.get(taskKey('c1', 't1'))).toMatchObject({ status: 'success', progress: 1, gone: true, nameLabel: 'Export of vm', finished: Date.UTC(2026, 0, 1, 10, 0, 9) });
    expect(s.tasks.get(taskKey('c1', 't2'))).toMatchObject({ status: 'failure', gone: true, errorInfo: ['IMPORT_ERROR', 'bad'] });
    expect(s.tasks.get(taskKey('c1', 't3'))).toMatchObject({ status: 'success', gone: true, nameLabel: 'Async.VM.clean_shutdown' });
    expect(STATUS_TEXT[s.tasks.get(taskKey('c1', 't1'))!.status]).toBe('Completed');
    expect(STATUS_TEXT[s.tasks.get(taskKey('c1', 't2'))!.status]).toBe('Failed');
    // The objects themselves are gone.
    expect(s.objects.get('c1')!.get('task')!.size).toBe(0);
  });

  it('a task destroyed while pending is dropped when another client made it (a synchronous call\'s bookkeeping), kept as ended when it is ours', () => {
    const store = createAppStore();
    store.getState().applySnapshot({ connections: [c1], deltas: [] });
    const pending = { name_label: 'VM.start', status: 'pending', progress: 0, created: '20260101T10:00:00Z', finished: '19700101T00:00:00Z', error_info: [] };
    store.getState().applyDelta(delta([
      { cls: 'task', ref: 'theirs', op: 'add', record: pending },
      { cls: 'task', ref: 'mine', op: 'add', record: { ...pending, name_label: 'Async.VM.start' } },
    ]));
    store.getState().noteOwnTask('c1', 'mine', { title: 'Starting VM' });
    store.getState().applyDelta(delta([
      { cls: 'task', ref: 'theirs', op: 'del', record: pending },
      { cls: 'task', ref: 'mine', op: 'del', record: { ...pending, name_label: 'Async.VM.start' } },
    ]));
    const s = store.getState();
    expect(s.tasks.has(taskKey('c1', 'theirs'))).toBe(false);
    expect(s.tasks.get(taskKey('c1', 'mine'))).toMatchObject({ status: 'pending', gone: true });
  });

  it('parses XAPI dates', () => {
    expect(parseXapiDate('20260102T03:04:05Z')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(parseXapiDate('2026-01-02T03:04:05Z')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(parseXapiDate('')).toBe(0);
  });
});

describe('startSync', () => {
  it('subscribes first, applies the snapshot, then the events buffered meanwhile', async () => {
    let listener: ((e: BridgeEvent) => void) | null = null;
    let resolveSnap: (v: RequestResult<'state.snapshot'>) => void = () => {};
    const bridge: Bridge = {
      request<C extends RequestChannel>(channel: C, _args: RequestArgs<C>): Promise<RequestResult<C>> {
        expect(channel).toBe('state.snapshot');
        expect(listener).not.toBeNull();
        return new Promise((r) => { resolveSnap = r as typeof resolveSnap; });
      },
      subscribe(l) { listener = l; return () => { listener = null; }; },
    };
    const store = createAppStore();
    const stop = startSync(bridge, store);
    listener!({ channel: 'cache.delta', payload: delta([{ cls: 'vm', ref: 'vm1', op: 'mod', record: { name_label: 'newer' } }]) });
    expect(getRecord(store.getState(), 'c1', 'vm', 'vm1')).toBeUndefined();
    resolveSnap({ connections: [c1], deltas: [delta([{ cls: 'vm', ref: 'vm1', op: 'add', record: { name_label: 'older' } }], true)] });
    // Snapshot first, then the buffered event: the newer record wins (the other order would stay 'older').
    await vi.waitFor(() => expect(getRecord(store.getState(), 'c1', 'vm', 'vm1')).toEqual({ name_label: 'newer' }));
    listener!({ channel: 'connection.state', payload: { ...c1, status: 'reconnecting' } });
    expect(store.getState().connections.get('c1')!.status).toBe('reconnecting');
    listener!({ channel: 'connection.removed', payload: { connectionId: 'c1' } });
    expect(store.getState().connections.size).toBe(0);
    stop();
    expect(listener).toBeNull();
  });
});

describe('error text', () => {
  it('gives words plus the code', () => {
    expect(errorText({ code: 'SESSION_AUTHENTICATION_FAILED', params: [], message: '' })).toBe('The user name or password is incorrect (SESSION_AUTHENTICATION_FAILED)');
    expect(errorText({ code: 'CONNECTION_FAILED', params: [], message: 'Could not connect to 10.0.0.1: connection refused' }))
      .toBe('Could not connect to 10.0.0.1: connection refused (CONNECTION_FAILED)');
    expect(errorText({ code: 'HOST_OFFLINE', params: ['h'], message: '' })).toMatch(/\(HOST_OFFLINE\)$/);
  });
});
