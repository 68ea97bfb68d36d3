// The console-only view of an undocked console (location.hash `#console/<connectionId>/<ref>`):
// the console fills the window; closing the window docks it back in the main window.
import { useEffect } from 'react';
import { useApp } from '../../state';
import { ConsoleView } from './ConsoleView';
import { announceUndocked, consoleKey } from './undock';

export function ConsoleWindow({ connectionId, objRef }: { connectionId: string; objRef: string }) {
  const loaded = useApp((s) => s.snapshotLoaded);
  const cls = useApp((s) => {
    const conn = s.objects.get(connectionId);
    if (conn?.get('host')?.has(objRef)) return 'host';
    if (conn?.get('vm')?.has(objRef)) return 'vm';
    return null;
  });
  const name = useApp((s) => {
    const rec = s.objects.get(connectionId)?.get(cls ?? 'vm')?.get(objRef);
    return typeof rec?.name_label === 'string' ? rec.name_label : '';
  });

  useEffect(() => announceUndocked(consoleKey(connectionId, objRef)), [connectionId, objRef]);
  useEffect(() => { document.title = name ? `Console of ${name}` : 'Console'; }, [name]);

  return (
    <div className="console-window">
      {cls ? <ConsoleView connectionId={connectionId} cls={cls} objRef={objRef} standalone /> : (
        <div className="console-window-empty" role="status">
          {loaded ? 'This VM or host is no longer known to the application.' : 'Loading…'}
        </div>
      )}
    </div>
  );
}
