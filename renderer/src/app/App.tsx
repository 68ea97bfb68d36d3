import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useApp } from '../state';
import { useUi } from '../state/ui';
import { ConfirmCommandDialog } from '../framework/ConfirmCommandDialog';
import { DialogHost } from '../framework/DialogHost';
import { CONTRIBUTIONS } from './menu-model';
import { useCommandShortcuts } from './shortcuts';
import { ContextMenu } from './ContextMenu';
import { EventsPanel } from './EventsPanel';
import { MenuBar } from './MenuBar';
import { NavPaneTitle, NavTree } from './NavTree';
import { StatusBar } from './StatusBar';
import { TabsPane } from './TabsPane';
import { Toolbar } from './Toolbar';
import { Welcome } from './Welcome';
import { connectionDisplayName } from '../xapi-model/names';
import { useTrust } from '../state/trust';
import { str } from '../xapi-model/format';

/** The window title: "<selected object> - PoolDesk" (document.title is plain text). */
function useWindowTitle(): void {
  const sel = useUi((s) => s.selection[0]);
  const name = useApp((s) => {
    if (!sel) return '';
    if (sel.cls === 'connection') { const c = s.connections.get(sel.connectionId); return c ? connectionDisplayName(s, c) : ''; }
    return str(s.objects.get(sel.connectionId)?.get(sel.cls)?.get(sel.ref)?.name_label);
  });
  useEffect(() => {
    document.title = name ? `${name} - PoolDesk` : 'PoolDesk';
  }, [name]);
}

/** Offers the unlock form once at start when saved servers wait for locked passwords (dismissable). */
function useUnlockPromptOnce(): void {
  const storage = useTrust((s) => s.settings?.passwordStorage);
  const offered = useTrust((s) => s.unlockOffered);
  const waiting = useApp((s) => [...s.connections.values()].some((c) => c.saved
    && (c.status === 'disconnected' || (c.status === 'failed' && c.error?.code === 'PASSWORD_NEEDED'))));
  const loaded = useApp((s) => s.snapshotLoaded);
  useEffect(() => {
    if (offered || !loaded || storage === undefined) return;
    if (storage === 'main-password-locked' && waiting) {
      useTrust.getState().markUnlockOffered();
      useUi.getState().openDialog('passwordStorage');
    } else if (storage !== 'main-password-locked') {
      useTrust.getState().markUnlockOffered();
    }
  }, [storage, offered, waiting, loaded]);
}

function Splitter({ width, setWidth }: { width: number; setWidth: (w: number) => void }) {
  const drag = useRef<{ x: number; w: number } | null>(null);
  const clamp = (w: number) => Math.max(160, Math.min(window.innerWidth - 320, w));
  const onDown = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = { x: e.clientX, w: width };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current) setWidth(clamp(drag.current.w + e.clientX - drag.current.x));
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowLeft') setWidth(clamp(width - 16));
    else if (e.key === 'ArrowRight') setWidth(clamp(width + 16));
    else return;
    e.preventDefault();
  };
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize navigation pane"
      aria-valuenow={Math.round(width)}
      aria-valuemin={160}
      aria-valuemax={Math.max(160, window.innerWidth - 320)}
      tabIndex={0}
      className="splitter"
      onPointerDown={onDown}
      onPointerMove={onMove}
      onPointerUp={() => { drag.current = null; }}
      onKeyDown={onKey}
    />
  );
}

// Every registered dialog and always-mounted piece, fixed for the window's life.
const DIALOGS = CONTRIBUTIONS.flatMap((f) => f.dialogs ?? []);
const MOUNTS = CONTRIBUTIONS.flatMap((f) => f.mounts ?? []);

export function App() {
  const hasConnections = useApp((s) => s.connections.size > 0);
  const loaded = useApp((s) => s.snapshotLoaded);
  useWindowTitle();
  useUnlockPromptOnce();
  useCommandShortcuts(CONTRIBUTIONS);
  const [treeWidth, setTreeWidth] = useState(280);
  useEffect(() => {
    // F10 (without Shift) moves focus to the menu bar, as in Windows applications.
    const onKey = (e: globalThis.KeyboardEvent) => {
      // Keys typed into a VM's console belong to the VM.
      if (e.target instanceof Element && e.target.closest('[data-console-screen]')) return;
      if (e.key === 'F10' && !e.shiftKey && !e.ctrlKey && !e.altKey) {
        e.preventDefault();
        document.querySelector<HTMLElement>('[data-menubar-item]')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="app">
      <header className="top">
        <MenuBar />
        <Toolbar />
      </header>
      <main className="workspace">
        {hasConnections ? (
          <>
            <nav className="nav-pane" aria-label="Navigation" style={{ width: treeWidth }}>
              <NavPaneTitle />
              <NavTree />
            </nav>
            <Splitter width={treeWidth} setWidth={setTreeWidth} />
            <div className="content-pane"><TabsPane /></div>
          </>
        ) : loaded ? <Welcome /> : <div className="loading" role="status">Loading…</div>}
      </main>
      <EventsPanel />
      <StatusBar />
      <ContextMenu />
      <DialogHost dialogs={DIALOGS} />
      <ConfirmCommandDialog />
      {MOUNTS.map((M, i) => <M key={i} />)}
    </div>
  );
}
