import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useApp } from '../state';
import { useUi } from '../state/ui';
import { AboutDialog, AddServerDialog } from '../features/servers/AddServerDialog';
import { ImportVmDialog } from '../features/transfer/ImportVmDialog';
import { EnableHaDialog } from '../features/ha/EnableHaDialog';
import { MigrateVmDialog } from '../features/migrate/MigrateVmDialog';
import { AddToPoolDialog, RemoveFromPoolDialog } from '../features/pool-membership/PoolMembershipDialogs';
import { OperationsDialog } from '../features/operations/OperationsDialog';
import { NewVmWizard } from '../features/new-vm/NewVmWizard';
import { HostCommandDialogs } from '../features/host-maintenance/HostDialogs';
import { ConfirmCommandDialog } from '../framework/ConfirmCommandDialog';
import { TakeSnapshotDialog } from '../features/vm-lifecycle/TakeSnapshotDialog';
import { CopyVmDialog } from '../features/vm-lifecycle/CopyVmDialog';
import { DeleteVmDialog } from '../features/vm-lifecycle/DeleteVmDialog';
import { DeleteSnapshotDialog, RevertSnapshotDialog } from '../features/vm-lifecycle/SnapshotDialogs';
import { ContextMenu } from './ContextMenu';
import { EventsPanel } from './EventsPanel';
import { MenuBar } from './MenuBar';
import { NavPaneTitle, NavTree } from './NavTree';
import { StatusBar } from './StatusBar';
import { TabsPane } from './TabsPane';
import { Toolbar } from './Toolbar';
import { Welcome } from './Welcome';
import { CertificatePrompts } from '../features/servers/CertificateDialog';
import { PasswordStorageDialog, ServerDialog, serverName } from '../features/servers/ServerDialogs';
import { ServerListFileInput } from '../features/servers/server-list';
import { useTrust } from '../state/trust';
import { str } from '../xapi-model/format';

/** The window title: "<selected object> - XenClient" (document.title is plain text). */
function useWindowTitle(): void {
  const sel = useUi((s) => s.selection[0]);
  const name = useApp((s) => {
    if (!sel) return '';
    if (sel.cls === 'connection') return serverName(s, s.connections.get(sel.connectionId));
    return str(s.objects.get(sel.connectionId)?.get(sel.cls)?.get(sel.ref)?.name_label);
  });
  useEffect(() => {
    document.title = name ? `${name} - XenClient` : 'XenClient';
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
      useUi.getState().set('passwordStorageOpen', true);
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

export function App() {
  const hasConnections = useApp((s) => s.connections.size > 0);
  const loaded = useApp((s) => s.snapshotLoaded);
  const addOpen = useUi((s) => s.addServerOpen);
  const aboutOpen = useUi((s) => s.aboutOpen);
  const storageOpen = useUi((s) => s.passwordStorageOpen);
  const importOpen = useUi((s) => s.importVmOpen);
  const commandDialog = useUi((s) => s.commandDialog);
  useWindowTitle();
  useUnlockPromptOnce();
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
      {addOpen ? <AddServerDialog /> : null}
      {aboutOpen ? <AboutDialog /> : null}
      <ServerDialog />
      {storageOpen ? <PasswordStorageDialog /> : null}
      {importOpen ? <ImportVmDialog /> : null}
      {commandDialog?.kind === 'migrateVm' ? <MigrateVmDialog key={commandDialog.target.ref} target={commandDialog.target} /> : null}
      {commandDialog?.kind === 'enableHa' ? <EnableHaDialog key={commandDialog.target.ref} target={commandDialog.target} /> : null}
      {commandDialog?.kind === 'addToPool' ? <AddToPoolDialog key={commandDialog.target.ref} target={commandDialog.target} /> : null}
      {commandDialog?.kind === 'removeFromPool' ? <RemoveFromPoolDialog key={commandDialog.target.ref} target={commandDialog.target} /> : null}
      {commandDialog?.kind === 'takeSnapshot' ? <TakeSnapshotDialog key={commandDialog.target.ref} target={commandDialog.target} /> : null}
      {commandDialog?.kind === 'copyVm' ? <CopyVmDialog key={commandDialog.target.ref} target={commandDialog.target} /> : null}
      {commandDialog?.kind === 'deleteVm' ? <DeleteVmDialog key={commandDialog.target.ref} target={commandDialog.target} /> : null}
      {commandDialog?.kind === 'revertSnapshot' ? <RevertSnapshotDialog key={commandDialog.target.ref} target={commandDialog.target} /> : null}
      {commandDialog?.kind === 'deleteSnapshot' ? <DeleteSnapshotDialog key={commandDialog.target.ref} target={commandDialog.target} /> : null}
      {commandDialog?.kind === 'newVm' ? <NewVmWizard key={`${commandDialog.target.connectionId}|${commandDialog.target.ref}`} target={commandDialog.target} /> : null}
      {commandDialog?.kind === 'operations' ? <OperationsDialog key={commandDialog.target.ref} target={commandDialog.target} onClose={() => useUi.getState().set('commandDialog', null)} /> : null}
      <HostCommandDialogs />
      <ConfirmCommandDialog />
      <CertificatePrompts />
      <ServerListFileInput />
    </div>
  );
}
