// "Columns": which of XenCenter's columns (and custom fields) the results show; Name always. A column
// keeps its width and place; a new one goes at the end.
import { columnTitle, customFieldColumn, DEFAULT_COLUMN_WIDTH, type CustomFieldRef } from '../../../../shared/xensearch/query';
import { CheckMenu } from './CheckMenu';

// XenCenter's order (QueryPanel): CPU, memory, disks, network, address, HA, uptime.
const OPTIONAL = ['cpu', 'memory', 'disks', 'network', 'ip', 'ha', 'uptime'] as const;

export function ColumnsPicker({ columns, fields, onChange }: {
  columns: ReadonlyArray<{ name: string; width: number }>; fields: readonly CustomFieldRef[]; onChange: (c: Array<{ name: string; width: number }>) => void;
}) {
  const names = [...OPTIONAL, ...fields.map((f) => customFieldColumn(f.name))];
  const toggle = (name: string, on: boolean) => {
    const base = columns.some((c) => c.name === 'name') ? [...columns] : [{ name: 'name', width: DEFAULT_COLUMN_WIDTH.name }, ...columns];
    onChange(on ? [...base.filter((c) => c.name !== name), { name, width: DEFAULT_COLUMN_WIDTH[name] ?? 140 }] : base.filter((c) => c.name !== name));
  };
  return <CheckMenu button="Columns" title="Columns to show" items={names.map((n) => ({ id: n, label: columnTitle(n), checked: columns.some((c) => c.name === n) }))} onToggle={toggle} />;
}
