// Revert To… with "take a snapshot of the current state first": the revert request is sent only
// after the snapshot task succeeds; a failed or refused snapshot leaves the VM as it is.
import { describe, expect, it } from 'vitest';
import type { Bridge } from '../../renderer/src/bridge/types';
import { createAppStore } from '../../renderer/src/state/store';
import { revertAfterSnapshot, taskEnd } from '../../renderer/src/features/vm-lifecycle/revert-after-snapshot';
import { RecordingBridge, add, conn } from '../support/store-fixtures';

const R = (s: string) => `OpaqueRef:${s}`;
const task = (status: string) => ({ name_label: 'Async.VM.snapshot', status, progress: status === 'pending' ? 0.5 : 1, created: '20260101T10:00:00Z',
  finished: '19700101T00:00:00Z', error_info: status === 'failure' ? ['SR_FULL', 'x'] : [], subtask_of: 'OpaqueRef:NULL' });

function setup() {
  const store = createAppStore();
  store.getState().applySnapshot({ connections: [conn('c1')], deltas: [{ connectionId: 'c1', reset: true, changes: [
    add('vm', R('web'), { name_label: 'web', power_state: 'Running', allowed_operations: ['snapshot'] }),
    add('vm', R('snap'), { name_label: 'before', is_a_snapshot: true, is_a_template: true, snapshot_of: R('web'), allowed_operations: ['revert'] }),
  ] }] });
  return store;
}
const vm = { target: { connectionId: 'c1', cls: 'vm', ref: R('web') }, name: 'web', snapshotName: 'before' };
const snap = { connectionId: 'c1', cls: 'vm', ref: R('snap') };
const setTask = (store: ReturnType<typeof setup>, status: string) =>
  store.getState().applyDelta({ connectionId: 'c1', reset: false, changes: [{ cls: 'task', ref: 'OpaqueRef:task', op: status === 'pending' ? 'add' : 'mod', record: task(status) }] });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('revertAfterSnapshot', () => {
  it('snapshots the VM, waits for the task, then reverts', async () => {
    const store = setup();
    const b = new RecordingBridge();
    const done = revertAfterSnapshot(b, store, snap, vm, () => undefined, new Date(2026, 0, 2, 3, 4));
    await tick();
    expect(b.calls).toEqual([{ channel: 'vm.snapshot', args: {
      connectionId: 'c1', vmRef: R('web'), name: 'web 2026-01-02 03:04', description: "Taken before reverting to 'before'", mode: 'snapshot',
    } }]);
    setTask(store, 'pending');
    await tick();
    expect(b.calls).toHaveLength(1);
    setTask(store, 'success');
    await done;
    expect(b.calls[1]).toEqual({ channel: 'xapi.callAsync', args: { connectionId: 'c1', method: 'VM.revert', args: [R('snap')] } });
  });

  it('does not revert when the snapshot fails or is refused, and says why', async () => {
    const store = setup();
    const b = new RecordingBridge();
    const done = revertAfterSnapshot(b, store, snap, vm, () => undefined);
    await tick();
    setTask(store, 'failure');
    await done;
    expect(b.calls.map((c) => c.channel)).toEqual(['vm.snapshot']);

    const alerts: string[] = [];
    const refusing: Bridge = { request: async () => { throw Object.assign(new Error('no'), { code: 'VM_BAD_POWER_STATE', params: [] }); }, subscribe: () => () => undefined };
    await revertAfterSnapshot(refusing, setup(), snap, vm, (m) => alerts.push(m));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatch(/^Taking snapshot 'web' failed, so it was not reverted: .*VM_BAD_POWER_STATE/);
  });

  it('taskEnd resolves at once for a task that has ended already', async () => {
    const store = setup();
    setTask(store, 'pending');
    setTask(store, 'success');
    await expect(taskEnd(store, 'c1', 'OpaqueRef:task')).resolves.toBe('success');
  });
});
