// The Events panel names the object of a task another client started from the current_operations
// of any class that has them (a disk, an SR, a server, a VM's disk drive), kept as deltas arrive.
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../renderer/src/state/store';
import { taskRows, taskTitle } from '../../renderer/src/app/EventsPanel';
import { pickTaskTarget } from '../../renderer/src/xapi-model/task-words';
import { add, conn } from '../support/store-fixtures';

const task = (nameLabel: string) => ({ name_label: nameLabel, status: 'pending', progress: 0.5, created: '20261207T01:00:00Z', other_config: {} });

function world() {
  const store = createAppStore();
  store.getState().applySnapshot({ connections: [conn('c1')], deltas: [{ connectionId: 'c1', reset: true, changes: [
    add('host', 'OpaqueRef:h1', { name_label: 'xcp-host-01', current_operations: {} }),
    add('pbd', 'OpaqueRef:pbd1', { host: 'OpaqueRef:h1', SR: 'OpaqueRef:local' }),
    add('SR', 'OpaqueRef:nfs', { name_label: 'NFS store', shared: true, PBDs: [], current_operations: {} }),
    add('SR', 'OpaqueRef:local', { name_label: 'Local storage', shared: false, PBDs: ['OpaqueRef:pbd1'], current_operations: {} }),
    add('VM', 'OpaqueRef:vm1', { name_label: 'web-01', current_operations: {} }),
    add('VDI', 'OpaqueRef:vdi1', { name_label: 'web-01 disk 0', SR: 'OpaqueRef:nfs', current_operations: {} }),
    add('VBD', 'OpaqueRef:vbd1', { VM: 'OpaqueRef:vm1', VDI: 'OpaqueRef:vdi1', current_operations: {} }),
  ] }] });
  return store;
}

const titles = (store: ReturnType<typeof createAppStore>) => taskRows(store.getState()).map((r) => taskTitle(r.task, r.own));

describe('the object of another client\'s task', () => {
  it('is found on a disk, an SR and a server, whichever delta comes first', () => {
    const store = world();
    const s = store.getState();
    // The task's record after the object's (the object marked first) and before it.
    s.applyDelta({ connectionId: 'c1', reset: false, changes: [
      { cls: 'VDI', ref: 'OpaqueRef:vdi1', op: 'mod', record: { name_label: 'web-01 disk 0', SR: 'OpaqueRef:nfs', current_operations: { 'OpaqueRef:t1': 'resize' } } },
      add('task', 'OpaqueRef:t1', task('Async.VDI.resize')),
    ] });
    s.applyDelta({ connectionId: 'c1', reset: false, changes: [
      add('task', 'OpaqueRef:t2', { ...task('Async.SR.scan'), created: '20261207T01:00:01Z' }),
      { cls: 'SR', ref: 'OpaqueRef:local', op: 'mod', record: { name_label: 'Local storage', shared: false, PBDs: ['OpaqueRef:pbd1'], current_operations: { 'OpaqueRef:t2': 'scan' } } },
    ] });
    s.applyDelta({ connectionId: 'c1', reset: false, changes: [
      add('task', 'OpaqueRef:t3', { ...task('Async.host.disable'), created: '20261207T01:00:02Z' }),
      { cls: 'host', ref: 'OpaqueRef:h1', op: 'mod', record: { name_label: 'xcp-host-01', current_operations: { 'OpaqueRef:t3': 'disable' } } },
    ] });
    expect(titles(store)).toEqual([
      "Disabling server 'xcp-host-01'",
      "Rescanning storage 'Local storage on xcp-host-01'",
      "Resizing disk 'web-01 disk 0'",
    ]);
  });

  it('keeps the name after the object is done with the task, or deleted', () => {
    const store = world();
    const s = store.getState();
    s.applyDelta({ connectionId: 'c1', reset: false, changes: [
      add('task', 'OpaqueRef:t1', task('Async.VDI.destroy')),
      { cls: 'VDI', ref: 'OpaqueRef:vdi1', op: 'mod', record: { name_label: 'web-01 disk 0', current_operations: { 'OpaqueRef:t1': 'destroy' } } },
    ] });
    s.applyDelta({ connectionId: 'c1', reset: false, changes: [
      { cls: 'VDI', ref: 'OpaqueRef:vdi1', op: 'del' },
      { cls: 'task', ref: 'OpaqueRef:t1', op: 'mod', record: { ...task('Async.VDI.destroy'), status: 'success', progress: 1 } },
    ] });
    expect(titles(store)).toEqual(["Deleting disk 'web-01 disk 0'"]);
  });

  it('a VM\'s disk drive is named by its VM; a task of one class is not named after an object of another', () => {
    const store = world();
    const s = store.getState();
    s.applyDelta({ connectionId: 'c1', reset: false, changes: [
      add('task', 'OpaqueRef:t1', task('Async.VBD.unplug')),
      { cls: 'VBD', ref: 'OpaqueRef:vbd1', op: 'mod', record: { VM: 'OpaqueRef:vm1', VDI: 'OpaqueRef:vdi1', current_operations: { 'OpaqueRef:t1': 'unplug' } } },
    ] });
    expect(titles(store)).toEqual(["Detaching disk from VM 'web-01'"]);
    const targets = [{ cls: 'vdi', ref: 'OpaqueRef:vdi1', name: 'data' }, { cls: 'vm', ref: 'OpaqueRef:vm1', name: 'web-01' }];
    expect(pickTaskTarget(targets, 'Async.VM.migrate_send')?.name).toBe('web-01');
    expect(pickTaskTarget(targets, 'Async.host.evacuate')).toBeUndefined();
    expect(pickTaskTarget(targets, 'Export of VM web-01')?.name).toBe('web-01');
    expect(pickTaskTarget(undefined, 'Async.VM.start')).toBeUndefined();
  });

  it('still names a VM\'s task from the VM', () => {
    const store = world();
    store.getState().applyDelta({ connectionId: 'c1', reset: false, changes: [
      { cls: 'VM', ref: 'OpaqueRef:vm1', op: 'mod', record: { name_label: 'web-01', current_operations: { 'OpaqueRef:t1': 'checkpoint' } } },
      add('task', 'OpaqueRef:t1', task('Async.VM.checkpoint')),
    ] });
    expect(titles(store)).toEqual(["Taking checkpoint of 'web-01'"]);
  });
});
