// The results of a search as XenCenter's search grid: group rows (collapsible, with their count) and
// object rows, sortable columns, CPU and memory as bars. Virtualised: a big pool lists thousands of
// rows. Enter or a double click on an object selects it in the tree.
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { NodeIcon, TagIcon, FolderIcon } from '../../ui/Icons';
import type { TreeNode } from '../../tree/build-tree';
import { columnTitle, CUSTOM_FIELD_COLUMN, type Sort } from '../../../../shared/xensearch/query';
import type { ResultGroup, SearchResult } from './evaluate';
import { customFieldOf, haPriorityOf, ipAddressesOf, uptimeOf, type SearchObject, type SearchWorld } from './search-world';
import { THROUGHPUT_UNITS } from '../../../../shared/metrics/usage-text';
import { cpuRank, cpuText, disksText, memoryRank, memoryText, networkText } from './usage';
import { haText, uptimeText } from './cell-text';

type Row =
  | { type: 'group'; key: string; depth: number; group: ResultGroup; open: boolean }
  | { type: 'item'; key: string; depth: number; object: SearchObject };

export function flattenResult(result: SearchResult, collapsed: ReadonlySet<string>): Row[] {
  const out: Row[] = [];
  const walk = (groups: ResultGroup[], items: SearchObject[], depth: number, path: string) => {
    for (const g of groups) {
      const key = `${path}/${g.key}`;
      const open = !collapsed.has(key);
      out.push({ type: 'group', key, depth, group: g, open });
      if (open) walk(g.groups, g.items, depth + 1, key);
    }
    for (const o of items) out.push({ type: 'item', key: `${path}/${o.key}`, depth, object: o });
  };
  walk(result.groups, result.items, 0, '');
  return out;
}

function ObjectIcon({ o }: { o: SearchObject }) {
  if (o.node) return <NodeIcon node={o.node} />;
  if (o.cls === 'folder') return <FolderIcon />;
  const pseudo: TreeNode = { id: o.key, kind: o.cls === 'vm' ? 'vm' : o.cls === 'host' ? 'host' : o.cls === 'sr' ? 'sr' : o.cls === 'network' ? 'network' : o.cls === 'pool' ? 'pool' : 'group', cls: o.cls, connectionId: o.connectionId, ref: o.ref, name: o.name, children: [] };
  return pseudo.kind === 'group' ? <span className="icon-space" aria-hidden="true" /> : <NodeIcon node={pseudo} />;
}

function Bar({ percent, text }: { percent: number | null; text: string }) {
  if (percent === null) return <span className="muted">{text}</span>;
  return (
    <span className="usage-cell">
      <span className="usage-bar" aria-hidden="true"><span style={{ width: `${Math.min(100, Math.max(0, percent))}%` }} /></span>
      <span className="usage-text">{text}</span>
    </span>
  );
}

function Cell({ w, o, column }: { w: SearchWorld; o: SearchObject; column: string }) {
  if (column.startsWith(CUSTOM_FIELD_COLUMN)) return <>{customFieldOf(o, column.slice(CUSTOM_FIELD_COLUMN.length)) ?? ''}</>;
  switch (column) {
    case 'cpu': return <Bar percent={cpuRank(w, o)} text={cpuText(w, o)} />;
    case 'memory': return <Bar percent={memoryRank(w, o)} text={memoryText(w, o)} />;
    case 'disks': return <>{disksText(w, o)}</>;
    case 'network': return <>{networkText(w, o)}</>;
    case 'ip': return <>{ipAddressesOf(w, o).join(', ')}</>;
    case 'ha': return <>{haText(haPriorityOf(w, o))}</>;
    case 'uptime': return <>{uptimeText(uptimeOf(w, o))}</>;
    default: return null;
  }
}

const ROW_HEIGHT = 26;

export function SearchResults({ world, result, columns, sorting, onSort, onOpen, label }: {
  world: SearchWorld; result: SearchResult; columns: ReadonlyArray<{ name: string; width: number }>; sorting: readonly Sort[];
  onSort: (column: string) => void; onOpen: (o: SearchObject) => void; label: string;
}) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [focus, setFocus] = useState(0);
  const rows = useMemo(() => flattenResult(result, collapsed), [result, collapsed]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const template = columns.map((c) => `${c.width}px`).join(' ');
  const focused = Math.min(focus, rows.length - 1);

  const toggle = (key: string, open?: boolean) => setCollapsed((s) => {
    const next = new Set(s);
    if (open ?? next.has(key)) next.delete(key); else next.add(key);
    return next;
  });
  const moveTo = (i: number) => {
    const j = Math.max(0, Math.min(rows.length - 1, i));
    setFocus(j);
    virtual.scrollToIndex(j);
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${j}"]`)?.focus());
  };
  const onKey = (e: KeyboardEvent, i: number) => {
    const r = rows[i];
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / ROW_HEIGHT) - 1);
    if (e.key === 'ArrowDown') moveTo(i + 1);
    else if (e.key === 'ArrowUp') moveTo(i - 1);
    else if (e.key === 'Home') moveTo(0);
    else if (e.key === 'End') moveTo(rows.length - 1);
    else if (e.key === 'PageDown') moveTo(i + page);
    else if (e.key === 'PageUp') moveTo(i - page);
    else if (e.key === 'ArrowRight' && r.type === 'group') toggle(r.key, true);
    else if (e.key === 'ArrowLeft' && r.type === 'group') toggle(r.key, false);
    else if (e.key === 'Enter') { if (r.type === 'group') toggle(r.key); else onOpen(r.object); }
    else return;
    e.preventDefault();
  };

  const sortOf = (c: string) => sorting.find((s) => s.column === c);
  return (
    <div className="search-results" role="treegrid" aria-label={label} aria-rowcount={rows.length + 1} aria-colcount={columns.length}>
      <div className="search-row search-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
        {columns.map((c) => {
          const s = sortOf(c.name);
          return (
            <div key={c.name} role="columnheader" aria-sort={s ? (s.ascending ? 'ascending' : 'descending') : 'none'}>
              <button type="button" onClick={() => onSort(c.name)} title={`Sort by ${columnTitle(c.name)}`}>
                {columnTitle(c.name)}{c.name === 'disks' || c.name === 'network' ? <span className="search-head-units"> {THROUGHPUT_UNITS}</span> : null}
                {s ? <span aria-hidden="true">{s.ascending ? ' ▲' : ' ▼'}</span> : null}
              </button>
            </div>
          );
        })}
      </div>
      <div className="search-body" ref={scrollRef}>
        {rows.length === 0 ? <p className="empty">No objects match this search.</p> : (
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((v) => {
              const r = rows[v.index];
              const common = {
                role: 'row', 'aria-rowindex': v.index + 2, 'data-index': v.index, tabIndex: v.index === focused ? 0 : -1, 'aria-level': r.depth + 1,
                onFocus: () => setFocus(v.index), onKeyDown: (e: KeyboardEvent) => onKey(e, v.index),
                style: { transform: `translateY(${v.start}px)`, gridTemplateColumns: template },
              } as const;
              if (r.type === 'group') {
                const g = r.group;
                const name = (
                  <div key="name" role="gridcell" className="search-name" style={{ paddingLeft: 6 + r.depth * 16 }} aria-colspan={g.object ? undefined : columns.length}>
                    <span className="twisty" aria-hidden="true">{r.open ? '▾' : '▸'}</span>
                    {g.object ? <ObjectIcon o={g.object} /> : g.key.startsWith('tag:') ? <TagIcon /> : null}
                    <span className="search-group-label">{g.label}</span>
                    <span className="search-count">({g.count})</span>
                  </div>
                );
                // A group that is an object (a pool, a server) shows that object's figures, as XenCenter's rows do.
                return (
                  <div key={r.key} {...common} className={`search-row search-group-row${g.object ? ' object' : ''}`} aria-expanded={r.open} onClick={() => toggle(r.key)}
                    onDoubleClick={() => { if (g.object) onOpen(g.object); }}>
                    {g.object ? columns.map((c) => (c.name === 'name' ? name : <div key={c.name} role="gridcell"><Cell w={world} o={g.object!} column={c.name} /></div>)) : name}
                  </div>
                );
              }
              const o = r.object;
              return (
                <div key={r.key} {...common} className="search-row search-item-row" onDoubleClick={() => onOpen(o)}>
                  {columns.map((c) => (c.name === 'name'
                    ? <div key={c.name} role="gridcell" className="search-name" style={{ paddingLeft: 22 + r.depth * 16 }}><ObjectIcon o={o} /><span className="search-obj-name">{o.name}</span></div>
                    : <div key={c.name} role="gridcell"><Cell w={world} o={o} column={c.name} /></div>))}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
