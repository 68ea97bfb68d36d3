// Selecting what a task made once it succeeds (the VM the New VM wizard created), as XenCenter
// does: the task's result names the object; the navigation tree selects it when it shows it.
import type { StoreApi } from 'zustand/vanilla';
import { taskKey, type AppState } from './store';
import { useUi } from './ui';

/** The object ref in a task's result ("<value>OpaqueRef:…</value>", or the bare ref). */
export function refFromTaskResult(result: string | undefined): string | undefined {
  const m = /OpaqueRef:[0-9A-Za-z-]+/.exec(result ?? '');
  return m?.[0];
}

/**
 * Waits for the task to end; on success selects the object it returned, unless the selection has
 * moved away from `from` by then. Returns a function that stops waiting.
 */
export function revealTaskResult(store: StoreApi<AppState>, connectionId: string, taskRef: string, cls: string, from: string | null): () => void {
  const key = taskKey(connectionId, taskRef);
  const done = (s: AppState): boolean => {
    const t = s.tasks.get(key);
    if (!t || t.status === 'pending' || t.status === 'cancelling') return false;
    const ref = t.status === 'success' ? refFromTaskResult(t.result) : undefined;
    if (ref) useUi.getState().reveal({ connectionId, cls, ref }, from);
    return true;
  };
  if (done(store.getState())) return () => undefined;
  const stop = store.subscribe((s) => { if (done(s)) stop(); });
  return stop;
}
