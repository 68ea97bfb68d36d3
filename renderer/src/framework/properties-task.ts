// Properties dialogs (VM, host, pool, SR, network): waiting for the task main started (its end, from the
// store), and the custom field definitions edited through objectProperties.editCustomFields.
import { appStore } from '../state';
import { taskKey, type AppState, type OwnTaskInfo } from '../state/store';
import type { Bridge } from '../bridge';
import type { ErrorInfo } from '../../../shared/ipc/contract';
import { toErrorInfo } from '../bridge';
import { errorText, taskErrorInfo } from '../xapi-model/errors';
import type { CustomFieldDefinition } from '../../../shared/object-properties/custom-fields';

/** The task's end (its status and error), once the store has it. */
export function taskOutcome(connectionId: string, taskRef: string): Promise<{ ok: boolean; errorInfo: string[] }> {
  const key = taskKey(connectionId, taskRef);
  const ended = (s: AppState) => {
    const t = s.tasks.get(key);
    return t && t.status !== 'pending' && t.status !== 'cancelling' ? { ok: t.status === 'success', errorInfo: t.errorInfo } : undefined;
  };
  return new Promise((resolve) => {
    const now = ended(appStore.getState());
    if (now) { resolve(now); return; }
    const stop = appStore.subscribe((s) => { const e = ended(s); if (e) { stop(); resolve(e); } });
  });
}

/**
 * What a Properties dialog does with the task it starts (PropertiesDialogFrame's `notes` and
 * `follow`): note it, or the refused request, for the Events panel under `ctx`, and wait for its end.
 */
export function propertiesTask(connectionId: string, ctx: OwnTaskInfo): {
  notes: { failed(info: ErrorInfo): void; started(taskRef: string, sentAt?: number): void };
  follow(taskRef: string): Promise<{ ok: boolean; errorInfo: string[] }>;
} {
  return {
    notes: {
      failed: (info) => { appStore.getState().noteFailedRequest(connectionId, ctx, info); },
      started: (taskRef, sentAt) => appStore.getState().noteOwnTask(connectionId, taskRef, sentAt === undefined ? ctx : { ...ctx, since: sentAt }),
    },
    follow: (taskRef) => taskOutcome(connectionId, taskRef),
  };
}

/** Adds or removes a custom field definition on one task; the error in words, or undefined. */
export async function editCustomFields(bridge: Bridge, connectionId: string, args: { add?: CustomFieldDefinition; remove?: string }): Promise<string | undefined> {
  const title = args.add ? 'Adding a custom field' : 'Removing a custom field';
  const task = propertiesTask(connectionId, { title, vm: args.add?.name ?? args.remove ?? '' });
  let taskRef: string;
  try {
    ({ taskRef } = await bridge.request('objectProperties.editCustomFields', { connectionId, ...args }));
  } catch (err) {
    const info = toErrorInfo(err);
    task.notes.failed(info);
    return errorText(info);
  }
  task.notes.started(taskRef);
  const end = await task.follow(taskRef);
  return end.ok ? undefined : errorText(taskErrorInfo(end.errorInfo));
}
