// One row of the Infrastructure tree. Memoised: on a busy pool every delta re-renders the tree, and
// only the rows whose node, place or state changed may redraw (a FlatRow keeps its identity while
// its node and place do, flattenTree), so the props are plain values and handlers that never change.
import { memo, type DragEvent, type MouseEvent } from 'react';
import type { FlatRow } from '../tree/build-tree';
import { ChevronIcon, NodeIcon } from '../ui/Icons';
import { ConnectionBadge } from '../framework/ConnectionStatus';

/** What the tree does on a row's events, by the row's index in the flattened rows. Stable for the tree's life. */
export interface TreeRowHandlers {
  click(e: MouseEvent, index: number): void;
  contextMenu(e: MouseEvent<HTMLElement>, index: number): void;
  toggle(e: MouseEvent, index: number): void;
  focus(index: number): void;
  /** Drag and drop of objects onto rows (framework/drop.ts). */
  dragStart(e: DragEvent, index: number): void;
  dragOver(e: DragEvent, index: number): void;
  drop(e: DragEvent, index: number): void;
  dragEnd(): void;
}

/** Rows that stand for an object can be dragged; group, tag and folder rows cannot. */
const DRAGGABLE = new Set(['vm', 'host', 'pool', 'sr', 'network', 'template', 'snapshot', 'folder']);

export interface TreeRowProps {
  row: FlatRow;
  index: number;
  /** Pixels from the top of the tree. */
  start: number;
  selected: boolean;
  focusable: boolean;
  /** A server row of a connection that is not connected: its status badge instead of the node's text. */
  liveStatus: boolean;
  /** Objects are dragged over this row: the drop would be done ('ok') or is refused. */
  dropState?: 'ok' | 'refused';
  on: TreeRowHandlers;
}

export const TreeRow = memo(function TreeRow({ row, index, start, selected, focusable, liveStatus, dropState, on }: TreeRowProps) {
  const n = row.node;
  const hasChildren = n.children.length > 0;
  const descId = `tree-desc-${index}`;
  const described = liveStatus || !!n.description;
  return (
    <div
      role="treeitem"
      data-node-id={n.id}
      data-kind={n.kind}
      data-state={n.state}
      data-power-state={n.kind === 'vm' || n.kind === 'snapshot' ? n.state : undefined}
      aria-label={n.name}
      aria-describedby={described ? descId : undefined}
      aria-level={row.level}
      aria-setsize={row.setSize}
      aria-posinset={row.posInSet}
      aria-expanded={hasChildren ? row.expanded : undefined}
      aria-selected={selected}
      tabIndex={focusable ? 0 : -1}
      className={`tree-row${selected ? ' selected' : ''}${liveStatus ? ' has-status' : ''}${dropState ? ` drop-${dropState}` : ''}`}
      data-drop={dropState}
      draggable={DRAGGABLE.has(n.kind)}
      onDragStart={(e) => on.dragStart(e, index)}
      onDragOver={(e) => on.dragOver(e, index)}
      onDrop={(e) => on.drop(e, index)}
      onDragEnd={() => on.dragEnd()}
      style={{ transform: `translateY(${start}px)`, paddingLeft: 4 + (row.level - 1) * 16 }}
      onClick={(e) => on.click(e, index)}
      onDoubleClick={(e) => hasChildren && on.toggle(e, index)}
      onContextMenu={(e) => on.contextMenu(e, index)}
      onFocus={() => on.focus(index)}
      title={n.description && !liveStatus ? `${n.name} — ${n.description}` : n.name}
    >
      <span className="twisty" onClick={(e) => hasChildren && on.toggle(e, index)} aria-hidden="true">
        {hasChildren ? <ChevronIcon open={row.expanded} /> : null}
      </span>
      <NodeIcon node={n} />
      <span className="tree-label">{n.name}</span>
      {liveStatus ? <ConnectionBadge connectionId={n.connectionId} descId={descId} /> : (
        <>
          {n.statusText ? <span className="tree-status" aria-hidden="true">{n.statusText}</span> : null}
          {n.description ? <span id={descId} className="sr-only">{n.description}</span> : null}
        </>
      )}
    </div>
  );
});
