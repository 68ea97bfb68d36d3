// Handlers derived from the data model for the implicit messages: get_all, get_all_records,
// get_record, get_by_uuid, get_by_name_label, get_<field>, set_<field>, add_to_/remove_from_ (maps),
// add_/remove_ (sets), create and destroy.
import type { MessageInfo } from '../../shared/xapi/model';
import { classInfo } from '../../shared/xapi/model';
import type { Rec } from '../fields';
import { refreshVmAllowed } from '../allowed-ops';
import type { CallCtx, Handler } from '../sim';
import { XapiError } from '../xapi-error';

export function rowOf(ctx: CallCtx, cls: string, ref: unknown): Rec {
  const rec = ctx.sim.db.get(cls, String(ref));
  if (!rec) throw new XapiError('HANDLE_INVALID', [cls, String(ref)]);
  return rec;
}

function changed(ctx: CallCtx, cls: string, ref: string, patch: Rec): void {
  ctx.sim.db.update(cls, ref, patch);
  if (cls === 'VM') refreshVmAllowed(ctx.sim.db, ref); // blocked_operations, is_a_template, ... feed §1.1
}

export function genericHandler(m: MessageInfo): Handler | undefined {
  const cls = m.cls;
  const info = classInfo(cls)!;
  if (!m.implicit) {
    // An explicit set_<field> with no handler of its own: xapi's custom setters validate, then store
    // the field; the simulator stores it (the checked ones are in methods/*.ts).
    const f = m.name.startsWith('set_') && m.paramTypes.length === 2 ? info.fields.get(m.name.slice(4)) : undefined;
    if (f && m.paramTypes[1] === f.type) { const name = f.name; return (ctx, [ref, v]) => { rowOf(ctx, cls, ref); changed(ctx, cls, String(ref), { [name]: v }); return ''; }; }
    return undefined;
  }
  const table = (ctx: CallCtx) => ctx.sim.db.tables.get(cls) ?? new Map();
  const n = m.name;
  if (n === 'get_all') return (ctx) => [...table(ctx).keys()];
  if (n === 'get_all_records') {
    return (ctx) => Object.fromEntries([...table(ctx)].map(([r, row]) => [r, row.rec]));
  }
  if (n === 'get_record') return (ctx, [ref]) => rowOf(ctx, cls, ref);
  if (n === 'get_by_uuid') {
    return (ctx, [uuid]) => {
      const ref = ctx.sim.db.findByUuid(cls, String(uuid));
      if (!ref) throw new XapiError('UUID_INVALID', [cls, String(uuid)]);
      return ref;
    };
  }
  if (n === 'get_by_name_label') {
    return (ctx, [label]) => [...table(ctx)].filter(([, row]) => row.rec.name_label === label).map(([r]) => r);
  }
  if (n === 'create') {
    return (ctx, [record]) => {
      const given = (record ?? {}) as Rec;
      const values: Rec = {};
      for (const f of info.fields.values()) if (f.qualifier !== 'RO/runtime' && f.name in given) values[f.name] = given[f.name];
      return ctx.sim.db.create(cls, values);
    };
  }
  if (n === 'destroy') {
    return (ctx, [ref]) => { rowOf(ctx, cls, ref); ctx.sim.db.delete(cls, String(ref)); return ''; };
  }
  const field = (prefix: string) => (n.startsWith(prefix) ? info.fields.get(n.slice(prefix.length)) : undefined);
  let f = field('get_');
  if (f) { const name = f.name; return (ctx, [ref]) => rowOf(ctx, cls, ref)[name]; }
  f = field('set_');
  if (f) { const name = f.name; return (ctx, [ref, v]) => { rowOf(ctx, cls, ref); changed(ctx, cls, String(ref), { [name]: v }); return ''; }; }
  f = field('add_to_');
  if (f) {
    const name = f.name;
    return (ctx, [ref, k, v]) => {
      const map = { ...(rowOf(ctx, cls, ref)[name] as Rec) };
      if (String(k) in map) throw new XapiError('MAP_DUPLICATE_KEY', [cls, name, String(ref), String(k)]);
      map[String(k)] = v;
      changed(ctx, cls, String(ref), { [name]: map });
      return '';
    };
  }
  f = field('remove_from_');
  if (f) {
    const name = f.name;
    return (ctx, [ref, k]) => {
      const map = { ...(rowOf(ctx, cls, ref)[name] as Rec) };
      if (!(String(k) in map)) return '';
      delete map[String(k)];
      changed(ctx, cls, String(ref), { [name]: map });
      return '';
    };
  }
  f = field('add_');
  if (f) {
    const name = f.name;
    return (ctx, [ref, v]) => {
      const set = (rowOf(ctx, cls, ref)[name] as unknown[]) ?? [];
      if (!set.includes(v)) changed(ctx, cls, String(ref), { [name]: [...set, v] });
      return '';
    };
  }
  f = field('remove_');
  if (f) {
    const name = f.name;
    return (ctx, [ref, v]) => {
      const set = (rowOf(ctx, cls, ref)[name] as unknown[]) ?? [];
      if (set.includes(v)) changed(ctx, cls, String(ref), { [name]: set.filter((x) => x !== v) });
      return '';
    };
  }
  return undefined;
}
