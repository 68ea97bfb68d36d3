// A connection's live status: the compact badge beside a top-level tree node and the full line
// (its accessible description and tooltip). Only this small component ticks once a second while
// a reconnection countdown runs; the tree itself does not re-render.
import { useEffect, useState } from 'react';
import { useApp } from '../state';
import { connectionBadge, connectionStatusLine, isCountingDown } from '../xapi-model/connection-status';
import { useTrust } from '../state/trust';

/** Date.now(), refreshed every second while `active`. */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return active ? now : Date.now();
}

export function useConnectionStatus(connectionId: string): { badge: string; line: string; status: string } | null {
  const c = useApp((s) => s.connections.get(connectionId));
  const storage = useTrust((s) => s.settings?.passwordStorage);
  const now = useNow(!!c && isCountingDown(c));
  if (!c) return null;
  return { badge: connectionBadge(c, now, storage), line: connectionStatusLine(c, now, storage), status: c.status };
}

/** The badge (visible) and the full line (sr-only, `descId`) of a server node. */
export function ConnectionBadge({ connectionId, descId }: { connectionId: string; descId: string }) {
  const st = useConnectionStatus(connectionId);
  if (!st || st.status === 'connected') return null;
  return (
    <>
      <span className={`tree-badge status-${st.status}${st.badge.startsWith('Password') || st.badge === 'Locked' ? ' status-password' : ''}`} title={st.line} aria-hidden="true">{st.badge}</span>
      <span id={descId} className="sr-only">{st.line}</span>
    </>
  );
}

/** The full status line as text (General tab). */
export function ConnectionStatusText({ connectionId }: { connectionId: string }) {
  const st = useConnectionStatus(connectionId);
  return <span className={`conn-status status-${st?.status ?? 'none'}`}>{st?.line ?? '—'}</span>;
}
