// Desktop notifications (features/alerts/notify-watch.ts): new critical or major alerts and failed
// tasks are announced; the backlog a server holds when it is connected (or resynced) never is.
import { describe, expect, it } from 'vitest';
import type { CacheDelta, ConnectionInfo } from '../../shared/ipc/contract';
import { createAppStore } from '../../renderer/src/state/store';
import { newWatch, notesSince } from '../../renderer/src/features/alerts/notify-watch';

const c1: ConnectionInfo = { id: 'c1', url: 'https://a', hostname: 'a', user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] };
const NOW = Date.UTC(2026, 11, 7, 12);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const message = (ref: string, name: string, priority: number, at = NOW): CacheDelta['changes'][number] =>
  ({ cls: 'message', ref, op: 'add', record: { uuid: `u-${ref}`, name, priority, cls: 'VM', obj_uuid: 'vm-u', body: '', timestamp: iso(at) } });
const task = (ref: string, status: string, finishedAt = NOW): CacheDelta['changes'][number] =>
  ({ cls: 'task', ref, op: 'mod', record: { name_label: 'Async.VM.start', status, created: iso(finishedAt - 1000), finished: status === 'pending' ? iso(0) : iso(finishedAt), error_info: status === 'failure' ? ['VM_BAD_POWER_STATE', 'OpaqueRef:x', 'halted', 'running'] : [] } });

function setup(backlog: CacheDelta['changes']) {
  const store = createAppStore();
  store.getState().applySnapshot({
    connections: [c1],
    deltas: [{ connectionId: 'c1', reset: true, changes: [{ cls: 'vm', ref: 'v1', op: 'add', record: { uuid: 'vm-u', name_label: 'web-01' } }, ...backlog] }],
  });
  return store;
}
const apply = (store: ReturnType<typeof setup>, changes: CacheDelta['changes'], reset = false) =>
  store.getState().applyDelta({ connectionId: 'c1', reset, changes });

describe('desktop notifications', () => {
  it('never announce the backlog loaded at connect, then announce new critical and major alerts only', () => {
    const store = setup([message('old', 'VM_CRASHED', 2, NOW - 3_600_000), task('t-old', 'failure', NOW - 600_000)]);
    const w = newWatch();
    expect(notesSince(w, store.getState(), NOW)).toEqual([]);
    apply(store, [message('m1', 'VM_CRASHED', 2), message('m2', 'VM_STARTED', 5), message('m3', 'HA_STATEFILE_LOST', 1)]);
    const notes = notesSince(w, store.getState(), NOW + 1000);
    expect(notes.map((n) => n.title)).toEqual(['Major alert: web-01: VM Crashed', 'Critical alert: web-01: Heartbeat SR lost']);
    expect(notes[0].body).toContain("Virtual machine 'web-01' has crashed");
    // Each once.
    expect(notesSince(w, store.getState(), NOW + 2000)).toEqual([]);
  });

  it('a resync (reset) or a load still arriving is remembered, not announced', () => {
    const store = setup([]);
    const w = newWatch();
    notesSince(w, store.getState(), NOW);
    apply(store, [{ cls: 'vm', ref: 'v1', op: 'add', record: { uuid: 'vm-u', name_label: 'web-01' } }, message('r1', 'VM_CRASHED', 1, NOW - 60_000)], true);
    expect(notesSince(w, store.getState(), NOW + 1000)).toEqual([]);
    store.getState().applyDelta({ connectionId: 'c1', reset: false, changes: [message('slice', 'VM_CRASHED', 1)], loading: true });
    expect(notesSince(w, store.getState(), NOW + 2000)).toEqual([]);
    store.getState().applyDelta({ connectionId: 'c1', reset: false, changes: [message('live', 'VM_CRASHED', 1, NOW + 3000)], loading: false });
    expect(notesSince(w, store.getState(), NOW + 3000).map((n) => n.tag)).toEqual(['c1\u0000live']);
  });

  it('a task that fails while watched is announced in words with its error; one failed before is not', () => {
    const store = setup([task('t-old', 'failure', NOW - 600_000)]);
    const w = newWatch();
    notesSince(w, store.getState(), NOW);
    apply(store, [task('t1', 'pending')]);
    expect(notesSince(w, store.getState(), NOW + 1000)).toEqual([]);
    apply(store, [task('t1', 'failure', NOW + 2000)]);
    const notes = notesSince(w, store.getState(), NOW + 2000);
    expect(notes).toHaveLength(1);
    expect(notes[0].title).toBe('Task failed on a');
    expect(notes[0].body).toMatch(/VM_BAD_POWER_STATE/);
    expect(notesSince(w, store.getState(), NOW + 3000)).toEqual([]);
  });
});
