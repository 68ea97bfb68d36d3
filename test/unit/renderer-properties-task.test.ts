// What the Properties dialogs (and the custom field edits) do with their task: note it, or the refused
// request, for the Events panel, and wait for its end from the store.
import { describe, expect, it } from 'vitest';
import { appStore, taskKey } from '../../renderer/src/state';
import { editCustomFields, propertiesTask } from '../../renderer/src/framework/properties-task';
import { RecordingBridge, add, conn } from '../support/store-fixtures';

const ctx = { title: 'Changing properties', vm: 'web-01' };
const taskRecord = (status: string, error_info: string[] = []) => ({ name_label: 'xenclient.vmProperties.apply', status, progress: status === 'pending' ? 0 : 1, error_info, other_config: {} });

describe('a Properties dialog\'s task', () => {
  appStore.getState().applySnapshot({ connections: [conn('c1')], deltas: [] });

  it('notes the task under the dialog\'s title and waits for its end', async () => {
    const task = propertiesTask('c1', ctx);
    task.notes.started('OpaqueRef:t1');
    expect(appStore.getState().ownTasks.get(taskKey('c1', 'OpaqueRef:t1'))).toEqual(ctx);
    appStore.getState().applyDelta({ connectionId: 'c1', reset: false, changes: [add('task', 'OpaqueRef:t1', taskRecord('pending'))] });
    const end = task.follow('OpaqueRef:t1');
    appStore.getState().applyDelta({ connectionId: 'c1', reset: false, changes: [add('task', 'OpaqueRef:t1', taskRecord('failure', ['VM_BAD_POWER_STATE', 'x']))] });
    await expect(end).resolves.toEqual({ ok: false, errorInfo: ['VM_BAD_POWER_STATE', 'x'] });
    // A task that already ended answers at once.
    await expect(task.follow('OpaqueRef:t1')).resolves.toMatchObject({ ok: false });
  });

  it('notes a refused request as a failed row', () => {
    propertiesTask('c1', ctx).notes.failed({ code: 'SESSION_INVALID', params: [], message: 'no' });
    const rows = [...appStore.getState().tasks.values()].filter((t) => t.local);
    expect(rows.at(-1)).toMatchObject({ nameLabel: 'Changing properties', status: 'failure', errorInfo: ['SESSION_INVALID'] });
  });

  it('a custom field edit goes the same way', async () => {
    const bridge = new RecordingBridge();
    const done = editCustomFields(bridge, 'c1', { remove: 'owner' });
    await Promise.resolve();
    expect(appStore.getState().ownTasks.get(taskKey('c1', 'OpaqueRef:task'))).toEqual({ title: 'Removing a custom field', vm: 'owner' });
    appStore.getState().applyDelta({ connectionId: 'c1', reset: false, changes: [add('task', 'OpaqueRef:task', taskRecord('success'))] });
    await expect(done).resolves.toBeUndefined();
    expect(bridge.calls).toEqual([{ channel: 'objectProperties.editCustomFields', args: { connectionId: 'c1', remove: 'owner' } }]);
  });
});
