// XenCenter's query builder: "Search for" (the types), then conditions, each a row of drop-downs and a
// value, groups holding more conditions (all / any / none of). Edits the Filter tree of query.ts.
import { useId } from 'react';
import { CheckMenu } from './CheckMenu';
import { conditionOf, conditionsFor, newCondition, RELATED_CLASS, todayYmd, type ConditionId } from './conditions';
import {
  OBJECT_TYPE_LABELS, SEARCHABLE_TYPES,
  type CustomFieldRef, type DateMatch, type Filter, type IntMatch, type ObjectType, type StringMatch,
} from '../../../../shared/xensearch/query';

/** Objects a condition can name ("Server is <host>"), by class: value (uuid, or a folder's path) and label. */
export type ObjectChoices = ReadonlyMap<string, ReadonlyArray<{ value: string; label: string }>>;

interface Ctx { scope: readonly ObjectType[]; fields: readonly CustomFieldRef[]; choices: ObjectChoices }

const STRING_MATCHES: Array<[StringMatch, string]> = [['contains', 'contains'], ['exactmatch', 'is'], ['startswith', 'starts with'], ['endswith', 'ends with'], ['notcontain', 'does not contain']];
const INT_MATCHES: Array<[IntMatch, string]> = [['gt', 'is bigger than'], ['lt', 'is smaller than'], ['exactmatch', 'is exactly']];
const DATE_MATCHES: Array<[DateMatch, string]> = [['today', 'today'], ['yesterday', 'yesterday'], ['thisweek', 'this week'], ['lastweek', 'last week'], ['before', 'before'], ['after', 'after'], ['exact', 'on']];
const ENUM_VALUES: Record<string, Array<[string, string]>> = {
  type: SEARCHABLE_TYPES.map((t) => [t, OBJECT_TYPE_LABELS[t]]),
  power_state: [['Running', 'Running'], ['Halted', 'Halted'], ['Suspended', 'Suspended'], ['Paused', 'Paused']],
  virtualisation_status: [['IoDriversInstalled, ManagementInstalled', 'Optimized'], ['PvDriversOutOfDate', 'Tools out of date'], ['NotInstalled', 'Not optimized']],
  ha_restart_priority: [['Restart', 'Restart'], ['BestEffort', 'Restart if possible'], ['DoNotRestart', 'Do not restart']],
};
const GIB = 1024 * 1024 * 1024;
const MIB = 1024 * 1024;

function Select<T extends string>({ value, options, label, onChange }: { value: T; options: ReadonlyArray<readonly [T, string]>; label: string; onChange: (v: T) => void }) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.currentTarget.value as T)}>
      {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
    </select>
  );
}

const ymdToInput = (ymd: string): string => `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
const inputToYmd = (v: string): string => v.replace(/-/g, '');

/** The operator and value of one condition (everything after its first drop-down). */
function ConditionValue({ f, set, ctx, what }: { f: Filter; set: (f: Filter) => void; ctx: Ctx; what: string }) {
  switch (f.kind) {
    case 'string':
    case 'customField':
      return (
        <>
          <Select label={`${what}: how to match`} value={f.match} options={STRING_MATCHES} onChange={(match) => set({ ...f, match })} />
          <input type="text" aria-label={`${what}: text`} value={f.query} onChange={(e) => set({ ...f, query: e.currentTarget.value })} />
        </>
      );
    case 'enum':
      return (
        <>
          <Select label={`${what}: is or is not`} value={f.equals ? 'is' : 'not'} options={[['is', 'is'], ['not', 'is not']] as const} onChange={(v) => set({ ...f, equals: v === 'is' })} />
          <Select label={`${what}: value`} value={f.query} options={ENUM_VALUES[f.property] ?? [[f.query, f.query]]} onChange={(query) => set({ ...f, query })} />
        </>
      );
    case 'value': {
      const known = ctx.choices.get('os_name') ?? [];
      return (
        <>
          <Select label={`${what}: is or is not`} value={f.equals ? 'is' : 'not'} options={[['is', 'is'], ['not', 'is not']] as const} onChange={(v) => set({ ...f, equals: v === 'is' })} />
          <Select label={`${what}: value`} value={f.query} options={[...(known.some((k) => k.value === f.query) ? [] : [[f.query, f.query || 'Choose…'] as const]), ...known.map((k) => [k.value, k.label] as const)]} onChange={(query) => set({ ...f, query })} />
        </>
      );
    }
    case 'int': {
      const unit = f.property === 'memory' ? { n: f.query >= GIB && f.query % GIB === 0 ? GIB : MIB } : { n: 3600 };
      const unitWord = f.property === 'memory' ? (unit.n === GIB ? 'GB' : 'MB') : 'hours';
      return (
        <>
          <Select label={`${what}: comparison`} value={f.match} options={INT_MATCHES} onChange={(match) => set({ ...f, match })} />
          <input type="number" min={0} aria-label={`${what}: amount in ${unitWord}`} value={Math.round((f.query / unit.n) * 100) / 100}
            onChange={(e) => { const v = Number(e.currentTarget.value); if (Number.isFinite(v) && v >= 0) set({ ...f, query: Math.round(v * unit.n) }); }} />
          {f.property === 'memory'
            ? <Select label={`${what}: unit`} value={unitWord} options={[['MB', 'MB'], ['GB', 'GB']] as const} onChange={(u) => set({ ...f, query: Math.round((f.query / unit.n) * (u === 'GB' ? GIB : MIB)) })} />
            : <span className="search-unit">{unitWord}</span>}
        </>
      );
    }
    case 'date':
      return (
        <>
          <Select label={`${what}: when`} value={f.match} options={DATE_MATCHES} onChange={(match) => set({ ...f, match })} />
          {f.match === 'before' || f.match === 'after' || f.match === 'exact'
            ? <input type="date" aria-label={`${what}: date`} value={ymdToInput(f.query)} onChange={(e) => set({ ...f, query: inputToYmd(e.currentTarget.value) || todayYmd() })} />
            : null}
        </>
      );
    case 'ip':
      return <input type="text" aria-label={`${what}: address`} placeholder="e.g. 10.0.1 or 10.0.1.17" value={f.address} onChange={(e) => set({ ...f, address: e.currentTarget.value })} />;
    case 'tag':
    case 'tagsEmpty': {
      const op = f.kind === 'tagsEmpty' ? (f.empty ? 'empty' : 'notEmpty') : f.contains ? 'is' : 'not';
      const tags = ctx.choices.get('tag') ?? [];
      return (
        <>
          <Select label={`${what}: how to match`} value={op} options={[['is', 'contain'], ['not', 'do not contain'], ['empty', 'are empty'], ['notEmpty', 'are not empty']] as const}
            onChange={(v) => set(v === 'empty' || v === 'notEmpty' ? { kind: 'tagsEmpty', empty: v === 'empty' } : { kind: 'tag', query: f.kind === 'tag' ? f.query : tags[0]?.value ?? '', contains: v === 'is' })} />
          {f.kind === 'tag'
            ? <Select label={`${what}: tag`} value={f.query} options={[...(tags.some((t) => t.value === f.query) ? [] : [[f.query, f.query || 'Choose a tag…'] as const]), ...tags.map((t) => [t.value, t.label] as const)]} onChange={(query) => set({ ...f, query })} />
            : null}
        </>
      );
    }
    case 'bool':
      return <Select label={`${what}: yes or no`} value={f.query ? 'yes' : 'no'} options={[['yes', 'is true'], ['no', 'is false']] as const} onChange={(v) => set({ ...f, query: v === 'yes' })} />;
    case 'related': {
      const cls = RELATED_CLASS[f.property] ?? '';
      const sub = f.sub;
      const subOp = sub.kind === 'string' && sub.property === 'uuid' && sub.match === 'exactmatch' ? 'is'
        : sub.kind === 'string' && sub.property === 'label' ? `name-${sub.match}` : 'other';
      if (subOp === 'other') return <span className="search-kept">{describeKept(sub)}</span>;
      const options = ctx.choices.get(cls) ?? [];
      return (
        <>
          <Select label={`${what}: how to match`} value={subOp}
            options={[['is', 'is'], ...STRING_MATCHES.map(([m, l]) => [`name-${m}`, `name ${l}`] as const)] as ReadonlyArray<readonly [string, string]>}
            onChange={(v) => set({ ...f, sub: v === 'is'
              ? { kind: 'string', property: 'uuid', match: 'exactmatch', query: options[0]?.value ?? '', caseSensitive: true }
              : { kind: 'string', property: 'label', match: v.slice(5) as StringMatch, query: sub.kind === 'string' && sub.property === 'label' ? sub.query : '', caseSensitive: false } })} />
          {sub.kind === 'string' && subOp === 'is'
            ? <Select label={`${what}: object`} value={sub.query}
              options={[...(options.some((o) => o.value === sub.query) ? [] : [[sub.query, sub.query ? 'An object not connected now' : 'Choose…'] as const]), ...options.map((o) => [o.value, o.label] as const)]}
              onChange={(query) => set({ ...f, sub: { ...sub, query } })} />
            : sub.kind === 'string'
              ? <input type="text" aria-label={`${what}: name`} value={sub.query} onChange={(e) => set({ ...f, sub: { ...sub, query: e.currentTarget.value } })} />
              : null}
        </>
      );
    }
    default:
      return null;
  }
}

function describeKept(f: Filter): string {
  return f.kind === 'unknown' ? `A condition this version cannot show (${f.node.name}), kept as it is` : 'A condition kept as it is';
}

/** One condition row, or a group with its conditions. `onRemove` absent: the top level. */
function FilterRow({ f, set, onRemove, ctx, depth }: { f: Filter; set: (f: Filter) => void; onRemove?: () => void; ctx: Ctx; depth: number }) {
  const id = conditionOf(f);
  const all = conditionsFor(ctx.scope, ctx.fields);
  // The top line is always a group: how the conditions under it combine.
  const kinds = onRemove ? all : all.filter((k) => k.id.startsWith('group-'));
  const what = all.find((k) => k.id === id)?.label ?? 'Condition';
  const OPS = { 'group-and': 'And', 'group-or': 'Or', 'group-nor': 'Nor' } as const;
  // Another kind of group keeps the conditions it holds.
  const choose = (next: ConditionId) => set(f.kind === 'group' && next in OPS ? { ...f, op: OPS[next as keyof typeof OPS] } : newCondition(next, ctx.fields));
  const head = (
    <div className="search-condition" role="group" aria-label={`Condition: ${what}`}>
      {id === undefined
        ? <span className="search-kept">{describeKept(f)}</span>
        : <select aria-label={onRemove ? 'Condition' : 'Match'} value={id} onChange={(e) => choose(e.currentTarget.value as ConditionId)}>
          {(kinds.some((k) => k.id === id) ? kinds : [...kinds, { id, label: what }]).map((k) => <option key={k.id} value={k.id}>{k.label}</option>)}
        </select>}
      {f.kind === 'group' ? null : <ConditionValue f={f} set={set} ctx={ctx} what={what} />}
      {onRemove ? <button type="button" className="search-remove" aria-label={`Remove condition ${what}`} title="Remove this condition" onClick={onRemove}>×</button> : null}
    </div>
  );
  if (f.kind !== 'group') return head;
  const setChild = (i: number, c: Filter) => set({ ...f, children: f.children.map((x, j) => (j === i ? c : x)) });
  return (
    <div className="search-group" style={{ marginLeft: depth ? 18 : 0 }}>
      {head}
      <div className="search-group-children">
        {f.children.map((c, i) => (
          // Conditions have no identity but their place.
          <FilterRow key={i} f={c} ctx={ctx} depth={depth + 1} set={(x) => setChild(i, x)} onRemove={() => set({ ...f, children: f.children.filter((_, j) => j !== i) })} />
        ))}
        <button type="button" className="search-add" onClick={() => set({ ...f, children: [...f.children, newCondition('label', ctx.fields)] })}>Add condition</button>
      </div>
    </div>
  );
}

/** "VMs", "Servers and VMs", "Servers, VMs and 3 more", "Nothing": what the Search for button says. */
export function scopeText(scope: readonly ObjectType[]): string {
  const names = SEARCHABLE_TYPES.filter((t) => scope.includes(t)).map((t) => OBJECT_TYPE_LABELS[t]);
  if (names.length === 0) return 'Nothing';
  if (names.length === SEARCHABLE_TYPES.length) return 'Everything';
  if (names.length <= 2) return names.join(' and ');
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
}

export function QueryBuilder({ scope, filter, fields, choices, onScope, onFilter }: {
  scope: readonly ObjectType[]; filter: Filter | null; fields: readonly CustomFieldRef[]; choices: ObjectChoices;
  onScope: (s: ObjectType[]) => void; onFilter: (f: Filter | null) => void;
}) {
  const scopeId = useId();
  const ctx: Ctx = { scope, fields, choices };
  // The top level is edited as a group ("all of"), as XenCenter's first line; one condition stays one condition when saved.
  const top: Filter = filter === null ? { kind: 'group', op: 'And', children: [] } : filter.kind === 'group' ? filter : { kind: 'group', op: 'And', children: [filter] };
  const setTop = (f: Filter) => onFilter(f.kind === 'group' && f.op === 'And' && f.children.length <= 1 ? f.children[0] ?? null : f);
  return (
    <div className="query-builder">
      <div className="search-scope">
        <span id={scopeId} className="search-scope-label">Search for</span>
        <CheckMenu title="Search for" button={scopeText(scope)}
          items={SEARCHABLE_TYPES.map((t) => ({ id: t, label: OBJECT_TYPE_LABELS[t], checked: scope.includes(t) }))}
          onToggle={(t, on) => onScope(on ? SEARCHABLE_TYPES.filter((x) => x === t || scope.includes(x)) : scope.filter((x) => x !== t))} />
      </div>
      <FilterRow f={top} set={setTop} ctx={ctx} depth={0} />
    </div>
  );
}
