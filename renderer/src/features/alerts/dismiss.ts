// Dismissing alerts destroys their messages on the server (message.destroy), as XenCenter's
// MessageAlert.Dismiss: for every client of the pool. A message already gone (HANDLE_INVALID) counts
// as dismissed. The command's `methods` grey it for a role below message.destroy's (Pool Operator).
import type { Bridge } from '../../bridge/types';
import { toErrorInfo } from '../../bridge/types';
import type { ErrorInfo } from '../../../../shared/ipc/contract';
import type { Command, Selection } from '../../framework/command';
import type { StoreView } from '../../state/store';

export const DISMISS_METHOD = 'message.destroy';

const exists = (selection: Selection, store: Pick<StoreView, 'objects'>): boolean =>
  selection.length > 0 && selection.every((s) => s.cls === 'message' && store.objects.get(s.connectionId)?.get('message')?.has(s.ref));

export const DISMISS_ALERTS_COMMAND: Command = {
  id: 'alerts.dismiss',
  label: 'Dismiss',
  // Several alerts of servers where the role differs: dismiss those it may (XenCenter's AllowedToDismiss per alert).
  eachObject: true,
  methods: [DISMISS_METHOD],
  canExecute: (selection, store) => exists(selection, store),
  disabledReason: (selection) => (selection.length === 0 ? 'There are no system alerts available to dismiss.' : 'The selected alerts are already gone'),
  async execute(selection, bridge) {
    const failures = await dismissMessages(bridge, selection);
    return failures.map((f) => ({ target: f.target, title: 'Dismissing alert', error: f.error }));
  },
};

export interface DismissFailure { target: Selection[number]; error: ErrorInfo }

/** How many destroys run at once: thousands of alerts go in a steady stream, not one burst. */
const PARALLEL = 8;

/** Destroys each message; returns those that failed, with the server's error. */
export async function dismissMessages(bridge: Bridge, targets: Selection, onProgress?: (done: number) => void): Promise<DismissFailure[]> {
  const failures: DismissFailure[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < targets.length) {
      const target = targets[next++];
      try {
        await bridge.request('xapi.call', { connectionId: target.connectionId, method: DISMISS_METHOD, args: [target.ref] });
      } catch (e) {
        const error = toErrorInfo(e);
        if (error.code !== 'HANDLE_INVALID') failures.push({ target, error });
      }
      onProgress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, targets.length) }, worker));
  return failures;
}
