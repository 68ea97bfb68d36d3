// Properties dialogs (VM, host, pool, SR, network): waiting for the task main started (its end, from the
// store), and the custom field definitions edited through objectProperties.editCustomFields.
import { appStore } from '../state';
import { taskKey, type AppState } from '../state/store';
import type { Bridge } from '../bridge';
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

/** Adds or removes a custom field definition on one task; the error in words, or undefined. */
export async function editCustomFields(bridge: Bridge, connectionId: string, args: { add?: CustomFieldDefinition; remove?: string }): Promise<string | undefined> {
  const title = args.add ? 'Adding a custom field' : 'Removing a custom field';
  const ctx = { title, vm: args.add?.name ?? args.remove ?? '' };
  let taskRef: string;
  try {
    ({ taskRef } = await bridge.request('objectProperties.editCustomFields', { connectionId, ...args }));
  } catch (err) {
    const info = toErrorInfo(err);
    appStore.getState().noteFailedRequest(connectionId, ctx, info);
    return errorText(info);
  }
  appStore.getState().noteOwnTask(connectionId, taskRef, ctx);
  const end = await taskOutcome(connectionId, taskRef);
  return end.ok ? undefined : errorText(taskErrorInfo(end.errorInfo));
}
