// The selected object's tabs (role tablist / tab / tabpanel). The chosen tab is kept per kind.
import { Suspense, useId, useRef, type KeyboardEvent } from 'react';
import { useApp } from '../state';
import { useUi } from '../state/ui';
import { tabsFor } from '../framework/tabs';
import { CONTRIBUTIONS } from './menu-model';
import type { TabTarget } from '../framework/tab';
import { str } from '../xapi-model/format';
import { NodeIcon } from '../ui/Icons';
import { UNKNOWN_STATE } from '../tree/build-tree';
import { notConnectedReason } from '../framework/availability';
import { useConnectionStatus } from '../framework/ConnectionStatus';
import { GroupMembersPane } from '../features/general/GroupMembersPane';
import { SelectionPane } from '../features/general/SelectionPane';

/** Above the tabs of an object whose server is not connected: why nothing here can be changed now. A note, not a
 * live region: its countdown changes every second. */
function StaleNotice({ connectionId }: { connectionId: string }) {
  const reason = useApp((s) => notConnectedReason([{ connectionId, cls: 'connection', ref: connectionId }], s));
  const st = useConnectionStatus(connectionId);
  return (
    <div role="note" className="stale-notice">
      <strong>{reason}</strong>{st ? ` — ${st.line}.` : '.'} What is shown is as it was when the connection was lost; nothing can be changed until it is back.
    </div>
  );
}

function kindOf(cls: string, rec: Record<string, unknown> | undefined): string {
  if (cls !== 'vm' || !rec) return cls;
  if (rec.is_a_snapshot === true) return 'snapshot';
  if (rec.is_a_template === true) return 'template';
  return 'vm';
}

export function TabsPane() {
  const selection = useUi((s) => s.selection);
  const selectedNodeId = useUi((s) => s.selectedNodeId);
  const selectedNodeIds = useUi((s) => s.selectedNodeIds);
  const tabByKind = useUi((s) => s.tabByKind);
  const chooseTab = useUi((s) => s.chooseTab);
  const sel = selection[0];
  const rec = useApp((s) => (sel ? s.objects.get(sel.connectionId)?.get(sel.cls)?.get(sel.ref) : undefined));
  const conn = useApp((s) => (sel ? s.connections.get(sel.connectionId) : undefined));
  // A big pool's full records follow its tree (shared/first-load.ts): until then tabs would show blanks.
  const loading = useApp((s) => (sel ? s.loading.has(sel.connectionId) : false));
  const baseId = useId();
  const listRef = useRef<HTMLDivElement>(null);

  // Several rows: the selected objects as one list.
  if (selectedNodeIds.size > 1) return <SelectionPane nodeIds={selectedNodeIds} />;
  // A tag, folder or group row of the organisation views: the objects it holds.
  if (!sel && selectedNodeId?.startsWith('group|')) return <GroupMembersPane nodeId={selectedNodeId} />;
  // A selection whose object is gone (for the moment before the tree moves it) shows nothing stale.
  if (!sel || (sel.cls !== 'connection' && !rec)) {
    return <div className="tabs-empty"><p>Select an item in the tree to see its details.</p></div>;
  }
  const kind = kindOf(sel.cls, rec);
  const tabs = tabsFor(kind, CONTRIBUTIONS);
  const chosen = tabs.find((t) => t.id === tabByKind[kind]) ?? tabs[0];
  const target: TabTarget = { ...sel, kind };
  const title = sel.cls === 'connection' ? conn?.friendlyName || conn?.hostname || '' : str(rec?.name_label);
  // A server that is not connected: what the cache holds is as it was when the connection was lost.
  const stale = sel.cls !== 'connection' && !!conn && conn.status !== 'connected';
  const state = stale && (kind === 'vm' || kind === 'host') ? UNKNOWN_STATE : kind === 'vm' ? str(rec?.power_state) : undefined;

  const onKey = (e: KeyboardEvent, i: number) => {
    let j: number;
    if (e.key === 'ArrowRight') j = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = tabs.length - 1;
    else return;
    e.preventDefault();
    chooseTab(kind, tabs[j].id);
    listRef.current?.querySelectorAll<HTMLElement>('[role="tab"]')[j]?.focus();
  };

  const Comp = chosen?.component;
  return (
    <div className="tabs-pane">
      <div className="object-header">
        <NodeIcon node={{ id: '', kind: kind as never, cls: sel.cls, connectionId: sel.connectionId, ref: sel.ref, name: title, children: [], state: kind === 'connection' ? conn?.status : state }} />
        <h2 className="object-title">{title}</h2>
      </div>
      {stale ? <StaleNotice connectionId={sel.connectionId} /> : null}
      <div role="tablist" aria-label="Object tabs" className="tablist" ref={listRef}>
        {tabs.map((t, i) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`${baseId}-tab-${t.id}`}
            aria-selected={t === chosen}
            aria-controls={`${baseId}-panel`}
            tabIndex={t === chosen ? 0 : -1}
            className={`tab${t === chosen ? ' active' : ''}`}
            onClick={() => chooseTab(kind, t.id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {t.title}
          </button>
        ))}
      </div>
      {loading ? <p className="loading" role="status">Loading the details of every object of this server…</p> : chosen && Comp ? (
        <div role="tabpanel" inert={stale} id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${chosen.id}`} className={`tabpanel${chosen.fill ? ' fill' : ''}`} tabIndex={chosen.fill ? -1 : 0}>
          {/* A tab loaded on first use (the console) says so meanwhile. */}
          <Suspense fallback={<p className="loading" role="status">Loading…</p>}><Comp target={target} /></Suspense>
        </div>
      ) : null}
    </div>
  );
}
