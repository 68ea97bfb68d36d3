// The selected object's tabs (role tablist / tab / tabpanel). The chosen tab is kept per kind.
import { Suspense, useEffect, useId, useMemo, useRef, type KeyboardEvent } from 'react';
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
import { usePseudoHeading } from './pseudo-heading';

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
  const sel = selection[0];
  const rec = useApp((s) => (sel ? s.objects.get(sel.connectionId)?.get(sel.cls)?.get(sel.ref) : undefined));
  const conn = useApp((s) => (sel ? s.connections.get(sel.connectionId) : undefined));
  // A big pool's full records follow its tree (shared/first-load.ts): until then tabs would show blanks.
  const loading = useApp((s) => (sel ? s.loading.has(sel.connectionId) : false));

  // Several rows: the selected objects as one list, and the tabs that make sense for any mix (Search).
  if (selectedNodeIds.size > 1) return <PseudoObjectTabs rowId={null} />;
  // A tag, folder, group or saved-search row of the other views: the objects it holds, and a Search tab.
  if (!sel && selectedNodeId?.startsWith('group|')) return <PseudoObjectTabs rowId={selectedNodeId} />;
  // A selection whose object is gone (for the moment before the tree moves it) shows nothing stale.
  if (!sel || (sel.cls !== 'connection' && !rec)) {
    return <div className="tabs-empty"><p>Select an item in the tree to see its details.</p></div>;
  }
  const kind = kindOf(sel.cls, rec);
  const target: TabTarget = { ...sel, kind };
  const title = sel.cls === 'connection' ? conn?.friendlyName || conn?.hostname || '' : str(rec?.name_label);
  // A server that is not connected: what the cache holds is as it was when the connection was lost.
  const stale = sel.cls !== 'connection' && !!conn && conn.status !== 'connected';
  const state = stale && (kind === 'vm' || kind === 'host') ? UNKNOWN_STATE : kind === 'vm' ? str(rec?.power_state) : undefined;

  return (
    <div className="tabs-pane">
      <div className="object-header">
        <NodeIcon node={{ id: '', kind: kind as never, cls: sel.cls, connectionId: sel.connectionId, ref: sel.ref, name: title, children: [], state: kind === 'connection' ? conn?.status : state }} />
        <h2 className="object-title">{title}</h2>
      </div>
      {stale ? <StaleNotice connectionId={sel.connectionId} /> : null}
      {loading ? <p className="loading" role="status">Loading the details of every object of this server…</p>
        : <TabStrip kind={kind} target={target} inert={stale} />}
    </div>
  );
}

/** The tabs of `kind` (the chosen one remembered per kind), and the chosen tab's panel. */
function TabStrip({ kind, target, inert = false }: { kind: string; target: TabTarget; inert?: boolean }) {
  const tabByKind = useUi((s) => s.tabByKind);
  const chooseTab = useUi((s) => s.chooseTab);
  const baseId = useId();
  const listRef = useRef<HTMLDivElement>(null);
  // The ids of the tabs this object shows (a string, so the store's other changes do not re-render).
  const shown = useApp((s) => tabsFor(kind, CONTRIBUTIONS, { target, store: s }).map((t) => t.id).join(' '));
  const tabs = useMemo(() => { const ids = shown.split(' '); return tabsFor(kind, CONTRIBUTIONS).filter((t) => ids.includes(t.id)); }, [kind, shown]);
  const chosen = tabs.find((t) => t.id === tabByKind[kind]) ?? tabs[0];
  // In a window too narrow for every tab the strip scrolls: keep the chosen one in view.
  useEffect(() => {
    listRef.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [chosen?.id]);
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
    <>
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
      {chosen && Comp ? (
        <div role="tabpanel" inert={inert} id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${chosen.id}`} className={`tabpanel${chosen.fill ? ' fill' : ''}`} tabIndex={chosen.fill ? -1 : 0}>
          {/* A tab loaded on first use (the console) says so meanwhile. */}
          <Suspense fallback={<p className="loading" role="status">Loading…</p>}><Comp target={target} /></Suspense>
        </div>
      ) : null}
    </>
  );
}

/** Rows that are not one object: a multi-selection (`rowId` null), a tag, folder or group row, a saved search. */
function PseudoObjectTabs({ rowId }: { rowId: string | null }) {
  const heading = usePseudoHeading(rowId);
  if (!heading) return <div className="tabs-empty"><p>Select an item in the tree to see its details.</p></div>;
  return (
    <div className="tabs-pane">
      <div className="object-header">
        {heading.node ? <NodeIcon node={heading.node} /> : null}
        <h2 className="object-title">{heading.title}</h2>
        {heading.subtitle ? <span className="object-subtitle">{heading.subtitle}</span> : null}
      </div>
      <TabStrip kind={heading.target.kind} target={heading.target} />
    </div>
  );
}
