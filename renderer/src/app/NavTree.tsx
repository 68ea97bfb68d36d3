// The Infrastructure tree: WAI-ARIA tree pattern, virtualised (only visible rows in the DOM),
// roving focus, full keyboard support, typeahead, context menu.
import { dragSelectionOf, selectionOf } from '../tree/selection';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useVirtualizer, defaultRangeExtractor, type Range } from '@tanstack/react-virtual';
import { defaultExpanded, flattenTree, type FlatRow } from '../tree/build-tree';
import { ancestorsOf, findReveal, fixSelection, indexTree, rememberSelection, type PendingFollow, type SelectionMemory } from '../tree/keep-selection';
import { pruneSelection, rangeSelection, toggleSelection, objectsOfNodes, type RowsSelection } from '../tree/multi-select';
import { useNavTree } from '../tree/use-nav-tree';
import { filterTree } from '../tree/filter-tree';
import { TREE_VIEW_TITLES } from '../tree/org-views';
import { TreeSearch } from './TreeSearch';
import { useUi } from '../state/ui';
import { TreeRow, type TreeRowHandlers } from './TreeRow';
import { appStore, useApp } from '../state';
import { judgeDrop, type DropTarget, type DropVerdict } from '../framework/drop';
import { dropSpecs } from '../framework/registry';
import { noteOutcomes } from '../framework/run-command';
import { useBridge } from '../framework/bridge-context';
import type { Selection } from '../framework/command';
import type { TreeNode } from '../tree/build-tree';

/** Only the tree's own drags carry objects (a file dragged in from the desktop is not one). */
const DRAG_TYPE = 'application/x-xenclient-objects';
const dropTarget = (n: TreeNode): DropTarget => ({ kind: n.kind, connectionId: n.connectionId, cls: n.cls, ref: n.ref, name: n.name });

/** Server nodes (a connection, or a top-level pool/host) show their connection's live status. */
function isServerRow(row: FlatRow): boolean {
  return row.node.kind === 'connection' || (row.level === 1 && (row.node.kind === 'pool' || row.node.kind === 'host'));
}

const ROW_HEIGHT = 24;

/** The navigation pane's heading: the chosen view. */
export function NavPaneTitle() {
  const view = useUi((s) => s.treeView);
  return <div className="pane-title">{TREE_VIEW_TITLES[view]}</div>;
}

export function NavTree() {
  const fullTree = useNavTree();
  const treeView = useUi((s) => s.treeView);
  const [query, setQuery] = useState('');
  // Typing stays responsive on big pools: the filter runs on the deferred text.
  const deferredQuery = useDeferredValue(query);
  const filtered = useMemo(() => filterTree(fullTree, deferredQuery), [fullTree, deferredQuery]);
  const searching = filtered.expand.size > 0 || deferredQuery.trim() !== '';
  const tree = filtered.nodes;
  // While searching, matches' paths are open; the user's toggles then are kept apart and forgotten
  // when the text changes, so clearing the search brings back the tree as it was.
  const [searchOverrides, setSearchOverrides] = useState<Map<string, boolean>>(new Map());
  useEffect(() => setSearchOverrides(new Map()), [deferredQuery]);
  const treeOverrides = useUi((s) => s.expandOverrides);
  const selectedNodeId = useUi((s) => s.selectedNodeId);
  const selectedIds = useUi((s) => s.selectedNodeIds);
  const select = useUi((s) => s.select);
  const selectRows = useUi((s) => s.selectRows);
  const setTreeExpanded = useUi((s) => s.setExpanded);
  const setExpanded = useCallback((id: string, open: boolean) => {
    if (searching) setSearchOverrides((m) => new Map(m).set(id, open));
    else setTreeExpanded(id, open);
  }, [searching, setTreeExpanded]);
  const setUi = useUi((s) => s.set);
  // Which connections are not connected (a string, so the tree re-renders only when that set changes).
  const notConnected = useApp((s) => [...s.connections.values()].filter((c) => c.status !== 'connected').map((c) => c.id).join('\u0000'));

  const rows = useMemo(
    () => flattenTree(tree, searching
      ? (n) => searchOverrides.get(n.id) ?? filtered.expand.has(n.id)
      : (n) => treeOverrides.get(n.id) ?? (defaultExpanded(n) || n.kind === 'group')),
    [tree, searching, searchOverrides, filtered.expand, treeOverrides],
  );
  // A lookup on demand, not a map of every row: the rows change with every delta on a busy pool.
  const indexOf = (id: string | null): number => (id == null ? -1 : rows.findIndex((r) => r.node.id === id));

  const [focusedId, setFocusedId] = useState<string | null>(null);
  const focusedAt = indexOf(focusedId);
  const selectedAt = focusedAt >= 0 ? -1 : indexOf(selectedNodeId);
  const focusedIndex = focusedAt >= 0 ? focusedAt : selectedAt >= 0 ? selectedAt : 0;
  const focusedIndexRef = useRef(focusedIndex);
  focusedIndexRef.current = focusedIndex;

  const scrollRef = useRef<HTMLDivElement>(null);
  const rangeExtractor = useCallback((range: Range) => {
    // Always keep the focused row mounted so roving focus survives scrolling.
    const base = defaultRangeExtractor(range);
    const f = focusedIndexRef.current;
    if (f >= 0 && f < range.count && !base.includes(f)) return [...base, f].sort((a, b) => a - b);
    return base;
  }, []);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    rangeExtractor,
    getItemKey: (i) => rows[i]?.node.id ?? i,
  });

  // Keep the selection true to the tree (keep-selection.ts): a vanished object's row hands the
  // selection to the same object elsewhere, else to its parent. Judged on the whole tree of the
  // view, so collapsing a parent or searching never moves it.
  const index = useMemo(() => indexTree(fullTree), [fullTree]);
  // How many servers and VMs the tree holds (collapsed ones too): what `npm run bench -- tree` waits for.
  const counts = useMemo(() => {
    let hosts = 0, vms = 0;
    for (const { node } of index.values()) if (node.kind === 'host') hosts++; else if (node.kind === 'vm') vms++;
    return `${hosts} ${vms}`;
  }, [index]);
  const memory = useRef<SelectionMemory | null>(null);
  const follow = useRef<PendingFollow | null>(null);
  useEffect(() => {
    const objects = appStore.getState().objects;
    // Several rows: keep those the tree still has (one left is a single selection again).
    const pruned = pruneSelection(index, useUi.getState().selectedNodeIds, selectedNodeId);
    if (pruned && pruned.ids.length > 1) { selectRows(pruned.ids, pruned.objects, pruned.primary, pruned.anchor); return; }
    if (pruned && pruned.ids.length === 1) { select(pruned.primary, pruned.objects); return; }
    const fix = fixSelection(index, objects, selectedNodeId, memory.current, follow.current, Date.now());
    if (fix.kind === 'clear') {
      memory.current = null;
      follow.current = fix.follow ?? null;
      select(null, []);
    } else if (fix.kind === 'select') {
      follow.current = fix.follow ?? null;
      select(fix.node.id, selectionOf(fix.node));
    } else {
      if (follow.current && follow.current.parentId !== selectedNodeId) follow.current = null;
      if (selectedNodeId) memory.current = rememberSelection(index, objects, selectedNodeId) ?? memory.current;
    }
  }, [index, selectedNodeId, select, selectRows]);

  // An object asked for (a new VM, the demo pool): selected, its parents opened, once the tree has it.
  const pendingReveal = useUi((s) => s.pendingReveal);
  useEffect(() => {
    if (!pendingReveal) return;
    const drop = () => useUi.setState({ pendingReveal: null });
    if (selectedNodeId !== pendingReveal.from) { drop(); return; }
    const hit = findReveal(index, pendingReveal);
    if (!hit) return;
    drop();
    for (const id of ancestorsOf(index, hit.node.id)) if (useUi.getState().expandOverrides.get(id) === false) setTreeExpanded(id, true);
    select(hit.node.id, selectionOf(hit.node));
    setFocusedId(hit.node.id);
  }, [pendingReveal, index, selectedNodeId, select, setTreeExpanded]);
  useEffect(() => {
    const i = indexOf(selectedNodeId);
    if (i >= 0) virtualizer.scrollToIndex(i, { align: 'auto' });
    // Only when the selection changes (not on every change of the rows).
  }, [selectedNodeId]);

  const wantFocus = useRef(false);
  const focusRow = useCallback((index: number, andSelect = true) => {
    const row = rows[index];
    if (!row) return;
    setFocusedId(row.node.id);
    wantFocus.current = true;
    virtualizer.scrollToIndex(index, { align: 'auto' });
    if (andSelect) select(row.node.id, selectionOf(row.node));
  }, [rows, select, virtualizer]);

  /** Shift: the rows from the anchor to row `at`; Ctrl: row `at` joins or leaves the selection. The focus goes to it. */
  const extendTo = useCallback((at: number, how: 'range' | 'toggle') => {
    const ui = useUi.getState();
    const next: RowsSelection | null = how === 'range'
      ? rangeSelection(rows, ui.selectionAnchor ?? ui.selectedNodeId, at)
      : toggleSelection(rows, ui.selectedNodeIds, at, index);
    if (!next) return;
    focusRow(at, false);
    if (next.ids.length === 1) { select(next.ids[0], next.objects); return; }
    selectRows(next.ids, next.objects, next.primary, next.anchor);
  }, [rows, index, focusRow, select, selectRows]);

  useEffect(() => {
    if (!wantFocus.current) return;
    const id = rows[focusedIndex]?.node.id;
    if (!id) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(id)}"]`);
    if (el) { el.focus({ preventScroll: true }); wantFocus.current = false; }
  });

  const typeaheadText = useRef({ text: '', at: 0 });

  // On a row of a multi-selection the menu acts on all of it (as XenCenter); on another row, on that row alone.
  const openContextMenu = useCallback((row: FlatRow, x: number, y: number, returnFocus: HTMLElement | null) => {
    const ui = useUi.getState();
    const all = ui.selectedNodeIds.size > 1 && ui.selectedNodeIds.has(row.node.id);
    if (!all) select(row.node.id, selectionOf(row.node));
    setUi('contextMenu', { x, y, selection: all ? ui.selection : selectionOf(row.node), returnFocus });
  }, [setUi, select]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0) return;
    const i = focusedIndex;
    const row = rows[i];
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const hasChildren = row.node.children.length > 0;
    const ctrl = e.ctrlKey || e.metaKey;
    // Shift extends the selection to the row reached; Ctrl moves the focus alone (Ctrl+Space then toggles).
    const moveTo = (j: number) => (e.shiftKey ? extendTo(j, 'range') : focusRow(j, !ctrl));
    switch (e.key) {
      case 'ArrowDown': moveTo(Math.min(rows.length - 1, i + 1)); break;
      case 'ArrowUp': moveTo(Math.max(0, i - 1)); break;
      case 'Home': moveTo(0); break;
      case 'End': moveTo(rows.length - 1); break;
      case 'PageDown': moveTo(Math.min(rows.length - 1, i + page)); break;
      case 'PageUp': moveTo(Math.max(0, i - page)); break;
      case 'ArrowRight':
        if (hasChildren && !row.expanded) setExpanded(row.node.id, true);
        else if (hasChildren && row.expanded) focusRow(i + 1);
        break;
      case 'ArrowLeft':
        if (hasChildren && row.expanded) setExpanded(row.node.id, false);
        else if (row.parentId) { const p = indexOf(row.parentId); focusRow(p >= 0 ? p : i); }
        break;
      case 'Enter':
      case ' ':
        if (e.key === ' ' && ctrl) extendTo(i, 'toggle');
        else select(row.node.id, selectionOf(row.node));
        break;
      case 'a':
      case 'A': {
        if (!ctrl) return typeahead(e);
        // Ctrl+A: every row shown (collapsed parents' children stay out, as in a file manager).
        const ids = rows.map((r) => r.node.id);
        if (ids.length > 1) selectRows(ids, objectsOfNodes(rows.map((r) => r.node)), row.node.id, rows[0].node.id);
        break;
      }
      case '*': {
        for (const r of rows) if (r.parentId === row.parentId && r.node.children.length > 0) setExpanded(r.node.id, true);
        break;
      }
      case 'ContextMenu': {
        const el = e.target as HTMLElement;
        const rect = el.getBoundingClientRect();
        openContextMenu(row, rect.left + 24, rect.bottom, el);
        break;
      }
      case 'F10':
        if (e.shiftKey) {
          const el = e.target as HTMLElement;
          const rect = el.getBoundingClientRect();
          openContextMenu(row, rect.left + 24, rect.bottom, el);
          break;
        }
        return;
      default:
        return typeahead(e);
    }
    e.preventDefault();
    e.stopPropagation();
  };

  /** Letters jump to the next row whose name starts with what was typed (within 0.7 s). */
  function typeahead(e: KeyboardEvent<HTMLDivElement>): void {
    if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey || !/\S/.test(e.key)) return;
    const now = Date.now();
    const t = typeaheadText.current;
    t.text = now - t.at > 700 ? e.key.toLowerCase() : t.text + e.key.toLowerCase();
    t.at = now;
    const start = t.text.length === 1 ? focusedIndex + 1 : focusedIndex;
    for (let k = 0; k < rows.length; k++) {
      const j = (start + k) % rows.length;
      if (rows[j].node.name.toLowerCase().startsWith(t.text)) { focusRow(j); break; }
    }
    e.preventDefault();
    e.stopPropagation();
  }

  // Drag and drop: what is dragged (the selection when a selected row is dragged, else that row), and the
  // verdict on the row under the pointer, shown on the row and in words below the tree.
  const bridge = useBridge();
  const dragged = useRef<Selection>([]);
  const [dropHint, setDropHint] = useState<{ id: string; verdict: DropVerdict } | null>(null);
  const dragHandlers = useMemo(() => ({
    start(e: DragEvent, row: FlatRow | undefined) {
      if (!row) return;
      const ui = useUi.getState();
      dragged.current = ui.selectedNodeIds.has(row.node.id) && ui.selection.length ? ui.selection : dragSelectionOf(row.node);
      if (dragged.current.length === 0) { e.preventDefault(); return; }
      e.dataTransfer.setData(DRAG_TYPE, JSON.stringify(dragged.current.length));
      e.dataTransfer.effectAllowed = 'move';
    },
    over(e: DragEvent, row: FlatRow | undefined) {
      if (!row || !dragged.current.length || !e.dataTransfer.types.includes(DRAG_TYPE)) return;
      const judged = judgeDrop(dropSpecs(), dragged.current, dropTarget(row.node), appStore.getState());
      if (judged?.verdict.ok) { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; } else e.dataTransfer.dropEffect = 'none';
      setDropHint((h) => {
        if (!judged) return h === null ? h : null;
        const same = h?.id === row.node.id && h.verdict.ok === judged.verdict.ok && (h.verdict.ok ? h.verdict.label : h.verdict.reason) === (judged.verdict.ok ? judged.verdict.label : judged.verdict.reason);
        return same ? h : { id: row.node.id, verdict: judged.verdict };
      });
    },
    drop(e: DragEvent, row: FlatRow | undefined) {
      e.preventDefault();
      const what = dragged.current;
      dragged.current = [];
      setDropHint(null);
      if (!row || !what.length) return;
      // Judged again on drop: the pool may have changed while the mouse was down.
      const judged = judgeDrop(dropSpecs(), what, dropTarget(row.node), appStore.getState());
      if (!judged) return;
      const alert = (m: string) => useUi.getState().pushAlert(m);
      if (!judged.verdict.ok) { alert(judged.verdict.reason); return; }
      void judged.spec.drop(what, dropTarget(row.node), bridge, appStore.getState())
        .then((outcomes) => noteOutcomes(outcomes, appStore, alert), (err: unknown) => alert(`${judged.verdict.ok ? judged.verdict.label : ''} failed: ${String((err as Error)?.message ?? err)}`));
    },
    end() {
      dragged.current = [];
      setDropHint(null);
    },
  }), [bridge]);

  // The rows' handlers read the latest closures through a ref, so their identity never changes
  // and a memoised row re-renders only for its own props.
  const latest = useRef({ rows, focusRow, extendTo, openContextMenu, setExpanded, focusedId, drag: dragHandlers });
  latest.current = { rows, focusRow, extendTo, openContextMenu, setExpanded, focusedId, drag: dragHandlers };
  const rowHandlers = useMemo<TreeRowHandlers>(() => ({
    click(e, index) {
      e.preventDefault();
      const l = latest.current;
      if (e.shiftKey) l.extendTo(index, 'range');
      else if (e.ctrlKey || e.metaKey) l.extendTo(index, 'toggle');
      else l.focusRow(index);
    },
    contextMenu(e, index) {
      e.preventDefault();
      const l = latest.current;
      l.focusRow(index, false);
      if (l.rows[index]) l.openContextMenu(l.rows[index], e.clientX, e.clientY, e.currentTarget);
    },
    toggle(e, index) {
      e.stopPropagation();
      e.preventDefault();
      const l = latest.current, row = l.rows[index];
      if (row) l.setExpanded(row.node.id, !row.expanded);
    },
    focus(index) {
      const l = latest.current, id = l.rows[index]?.node.id;
      if (id !== undefined && l.focusedId !== id) setFocusedId(id);
    },
    dragStart: (e, index) => latest.current.drag.start(e, latest.current.rows[index]),
    dragOver: (e, index) => latest.current.drag.over(e, latest.current.rows[index]),
    drop: (e, index) => latest.current.drag.drop(e, latest.current.rows[index]),
    dragEnd: () => latest.current.drag.end(),
  }), []);

  const items = virtualizer.getVirtualItems();
  return (
    <>
    <TreeSearch query={query} setQuery={setQuery} matches={filtered.matches} pending={query !== deferredQuery}
      onEnterTree={() => focusRow(0, false)} />
    <div className="tree-scroll" ref={scrollRef}>
      <div role="tree" aria-label={TREE_VIEW_TITLES[treeView]} aria-multiselectable="true" className="tree" data-counts={counts} onKeyDown={onKeyDown} style={{ height: virtualizer.getTotalSize() }}>
        {items.map((vi) => {
          const row = rows[vi.index];
          if (!row) return null;
          return (
            <TreeRow key={vi.key} row={row} index={vi.index} start={vi.start} on={rowHandlers}
              selected={selectedIds.has(row.node.id)} focusable={vi.index === focusedIndex}
              liveStatus={isServerRow(row) && notConnected.split('\u0000').includes(row.node.connectionId)}
              dropState={dropHint?.id === row.node.id ? (dropHint.verdict.ok ? 'ok' : 'refused') : undefined} />
          );
        })}
      </div>
    </div>
    {dropHint ? (
      <div role="status" className={`drop-hint ${dropHint.verdict.ok ? 'drop-ok' : 'drop-refused'}`}>
        {dropHint.verdict.ok ? dropHint.verdict.label : `Cannot drop here: ${dropHint.verdict.reason}`}
      </div>
    ) : null}
    </>
  );
}
