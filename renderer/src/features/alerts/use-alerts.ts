// Every alert of the connected servers, newest first, rebuilt only when messages (or the names they
// show, which the tree's classes carry) changed: not on every metrics or task delta.
import { useMemo } from 'react';
import { appStore, useApp, type XRecord } from '../../state';
import { allAlerts, type Alert } from './alert-text';

export function useAlerts(): Alert[] {
  const messageVersion = useApp((s) => s.messageVersion);
  const treeVersion = useApp((s) => s.treeVersion);
  // Worked-out alerts by message record, until a name they show may have changed (the tree's classes or a connection).
  const known = useMemo(() => { void treeVersion; return new WeakMap<XRecord, Alert>(); }, [treeVersion]);
  return useMemo(() => {
    void messageVersion;
    return allAlerts(appStore.getState(), known);
  }, [messageVersion, known]);
}

/** How many alerts the servers hold, and how many are critical or major (the Alerts tab's badge): counted, not derived. */
export function useAlertCount(): { total: number; urgent: number } {
  const messageVersion = useApp((s) => s.messageVersion);
  return useMemo(() => {
    void messageVersion;
    let total = 0;
    let urgent = 0;
    for (const conn of appStore.getState().objects.values()) {
      for (const m of conn.get('message')?.values() ?? []) {
        total++;
        const p = Number(m.priority);
        if (p === 1 || p === 2) urgent++;
      }
    }
    return { total, urgent };
  }, [messageVersion]);
}
