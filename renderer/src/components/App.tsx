import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useApp } from '../store';
import { useUi } from '../store/ui';
import { AboutDialog, AddServerDialog } from './AddServerDialog';
import { ContextMenu } from './ContextMenu';
import { EventsPanel } from './EventsPanel';
import { MenuBar } from './MenuBar';
import { NavTree } from './NavTree';
import { StatusBar } from './StatusBar';
import { TabsPane } from './TabsPane';
import { Toolbar } from './Toolbar';
import { Welcome } from './Welcome';

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

export function App() {
  const hasConnections = useApp((s) => s.connections.size > 0);
  const loaded = useApp((s) => s.snapshotLoaded);
  const addOpen = useUi((s) => s.addServerOpen);
  const aboutOpen = useUi((s) => s.aboutOpen);
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
              <div className="pane-title">Infrastructure</div>
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
      {addOpen ? <AddServerDialog /> : null}
      {aboutOpen ? <AboutDialog /> : null}
    </div>
  );
}
