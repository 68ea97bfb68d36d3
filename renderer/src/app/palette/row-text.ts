// The words of one palette row: its label, the line under it (where an object lives, or why a command cannot
// run), and its shortcut. Pure.
import type { NodeKind } from '../../tree/tree-node';
import type { PaletteObject, PaletteRow } from './model';

export const KIND_WORDS: Partial<Record<NodeKind, string>> = {
  connection: 'Server', pool: 'Pool', host: 'Server', vm: 'VM', template: 'Template', snapshot: 'Snapshot', sr: 'Storage', network: 'Network',
};

/** "VM on lab-host-01 in Lab pool": its kind, the server it sits under, its pool or server when it is not that itself. */
export function objectWords(obj: PaletteObject): string {
  const kind = KIND_WORDS[obj.kind] ?? obj.kind;
  return [kind, obj.host && `on ${obj.host}`, obj.where && `in ${obj.where}`].filter(Boolean).join(' ');
}

export interface RowText { label: string; detail?: string; shortcut?: string }

export function rowText(row: PaletteRow): RowText {
  switch (row.type) {
    case 'entry': {
      const it = row.item;
      const detail = !it.enabled ? it.reason : it.checked !== undefined ? (it.checked ? 'On' : 'Off') : it.target ? `on ${it.target}` : undefined;
      return { label: it.label, detail, shortcut: it.shortcut };
    }
    case 'entry-on':
      return { label: `${row.item.label} — ${row.obj.name}`, detail: row.item.enabled ? objectWords(row.obj) : row.item.reason };
    case 'object':
      return { label: row.obj.name, detail: objectWords(row.obj) };
    case 'tab':
      return { label: `${row.obj.name} — ${row.tab.title} tab`, detail: objectWords(row.obj) };
  }
}
