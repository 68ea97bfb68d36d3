// Every alert of the connected servers, newest first, kept up to date incrementally (AlertList): only
// when messages (or the names they show, which the tree's classes and the connections carry) changed,
// not on every metrics or task delta.
import { useMemo, useRef } from 'react';
import { appStore, useApp } from '../../state';
import { AlertList } from './alert-list';
import type { Alert } from './alert-text';

export interface Alerts { alerts: Alert[]; list: AlertList }

export function useAlerts(): Alerts {
  const messageVersion = useApp((s) => s.messageVersion);
  const treeVersion = useApp((s) => s.treeVersion);
  const connections = useApp((s) => s.connections);
  const list = useMemo(() => new AlertList(), []);
  // What the names were last worked out from: a change of either may rename what alerts show.
  const names = useRef<{ treeVersion: number; connections: unknown } | null>(null);
  const alerts = useMemo(() => {
    void messageVersion;
    const was = names.current;
    names.current = { treeVersion, connections };
    return list.update(appStore.getState(), !was || was.treeVersion !== treeVersion || was.connections !== connections);
  }, [messageVersion, treeVersion, connections, list]);
  return { alerts, list };
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
