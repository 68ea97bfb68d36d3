// "Group by": up to three levels, as XenCenter's GroupingControl (a deeper grouping read from a saved
// search is kept under the third). Each level offers XenCenter's groupings that this client evaluates.
import type { CustomFieldRef, Grouping } from '../../../../shared/xensearch/query';

type Choice = { id: string; label: string; make: (sub?: Grouping) => Grouping };

function choices(fields: readonly CustomFieldRef[]): Choice[] {
  const prop = (property: Extract<Grouping, { kind: 'property' }>['property'], label: string): Choice =>
    ({ id: `p:${property}`, label, make: (sub) => ({ kind: 'property', property, ...(sub ? { sub } : {}) }) });
  const obj = (property: Extract<Grouping, { kind: 'object' }>['property'], label: string): Choice =>
    ({ id: `o:${property}`, label, make: (sub) => ({ kind: 'object', property, ...(sub ? { sub } : {}) }) });
  return [
    prop('type', 'Type'), obj('pool', 'Pool'), obj('host', 'Server'), obj('vm', 'VM'), obj('networks', 'Network'), obj('storage', 'Storage'), obj('appliance', 'vApp'),
    { id: 'folder', label: 'Folder', make: (sub) => ({ kind: 'folder', ...(sub ? { sub } : {}) }) },
    prop('tags', 'Tag'), prop('power_state', 'Power state'), prop('os_name', 'Operating system'), prop('virtualisation_status', 'Virtualization state'),
    prop('ha_restart_priority', 'HA restart priority'),
    ...fields.map((field): Choice => ({ id: `cf:${field.name}`, label: field.name, make: (sub) => ({ kind: 'customField', field, ...(sub ? { sub } : {}) }) })),
  ];
}

export function groupingId(g: Grouping): string {
  switch (g.kind) {
    case 'property': return `p:${g.property}`;
    case 'object': return `o:${g.property}`;
    case 'folder': return 'folder';
    case 'customField': return `cf:${g.field.name}`;
    case 'unknown': return `unknown:${g.node.name}`;
  }
}

/** The levels of a grouping, outermost first. */
export function groupingLevels(g: Grouping | null): Grouping[] {
  const out: Grouping[] = [];
  for (let x: Grouping | undefined = g ?? undefined; x; x = x.kind === 'unknown' ? undefined : x.sub) out.push(x);
  return out;
}

const MAX_LEVELS = 3;

export function GroupingPicker({ grouping, fields, onChange }: { grouping: Grouping | null; fields: readonly CustomFieldRef[]; onChange: (g: Grouping | null) => void }) {
  const all = choices(fields);
  const levels = groupingLevels(grouping);
  // Rebuilds the chain from the levels (the innermost level keeps anything below the third).
  const rebuild = (ls: Array<Grouping | null>): Grouping | null => {
    let sub: Grouping | undefined;
    for (let i = ls.length - 1; i >= 0; i--) {
      const l = ls[i];
      if (!l) { sub = undefined; continue; }
      const c = all.find((x) => x.id === groupingId(l));
      sub = c ? c.make(sub ?? (i === MAX_LEVELS - 1 && l.kind !== 'unknown' ? l.sub : undefined)) : l;
    }
    return sub ?? null;
  };
  const set = (i: number, id: string) => {
    const ls: Array<Grouping | null> = levels.slice(0, MAX_LEVELS).map((l) => l);
    const c = all.find((x) => x.id === id);
    ls[i] = c ? c.make() : null;
    // "None" at a level drops the levels below it.
    onChange(rebuild(c ? ls : ls.slice(0, i)));
  };
  const shown = Math.min(MAX_LEVELS, levels.length + 1);
  return (
    <div className="search-grouping" role="group" aria-label="Group by">
      <span>Group by</span>
      {Array.from({ length: shown }, (_, i) => {
        const l = levels[i];
        const id = l ? groupingId(l) : '';
        return (
          <span key={i} className="search-grouping-level">
            {i > 0 ? <span className="muted">then by</span> : null}
            <select aria-label={i === 0 ? 'Group by' : `Then group by (level ${i + 1})`} value={id} onChange={(e) => set(i, e.currentTarget.value)}>
              <option value="">{i === 0 ? 'Nothing' : '—'}</option>
              {l && !all.some((c) => c.id === id) ? <option value={id}>{l.kind === 'unknown' ? `(${l.node.name})` : id}</option> : null}
              {all.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
            </select>
          </span>
        );
      })}
    </div>
  );
}
