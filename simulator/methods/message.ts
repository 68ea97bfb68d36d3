// message class (SEMANTICS.md 10.3): not implicit in the model, so its readers are written here.
import { nowDatetime, type CallCtx, type Handler } from '../sim';
import type { Rec } from '../fields';
import { XapiError } from '../xapi-error';
import { quickCalls, type MethodModule } from '../method-module';

const rows = (ctx: CallCtx) => [...ctx.sim.db.table('message')].reverse(); // newest first
const since = (ts: unknown) => (r: Rec) => String(r.timestamp) > String(ts);
const MESSAGE_CLASSES: Record<string, string> = { VM: 'VM', Host: 'host', SR: 'SR', Pool: 'pool', VMPP: 'VMPP', VMSS: 'VMSS', PVS_proxy: 'PVS_proxy', VDI: 'VDI', Certificate: 'Certificate' };

const messageHandlers: Record<string, Handler> = {
  'message.get_all': (ctx) => rows(ctx).map(([r]) => r),
  'message.get_all_records': (ctx) => Object.fromEntries(rows(ctx).map(([r, row]) => [r, row.rec])),
  'message.get_record': (ctx, [ref]) => {
    const rec = ctx.sim.db.get('message', String(ref));
    if (!rec) throw new XapiError('HANDLE_INVALID', ['message', String(ref)]);
    return rec;
  },
  'message.get_by_uuid': (ctx, [uuid]) => {
    const ref = ctx.sim.db.findByUuid('message', String(uuid));
    if (!ref) throw new XapiError('UUID_INVALID', ['message', String(uuid)]);
    return ref;
  },
  'message.get_since': (ctx, [ts]) => Object.fromEntries(rows(ctx).filter(([, row]) => since(ts)(row.rec)).map(([r, row]) => [r, row.rec])),
  'message.get': (ctx, [cls, objUuid, ts]) => Object.fromEntries(rows(ctx)
    .filter(([, row]) => row.rec.cls === cls && row.rec.obj_uuid === objUuid && since(ts)(row.rec)).map(([r, row]) => [r, row.rec])),
  'message.create': (ctx, [name, priority, cls, objUuid, body]) => {
    const table = MESSAGE_CLASSES[String(cls)];
    if (!table || !ctx.sim.db.findByUuid(table, String(objUuid))) throw new XapiError('UUID_INVALID', [String(cls), String(objUuid)]);
    return ctx.sim.db.create('message', { name, priority: Number(priority), cls, obj_uuid: objUuid, body, timestamp: nowDatetime() });
  },
  'message.destroy': (ctx, [ref]) => {
    if (!ctx.sim.db.get('message', String(ref))) throw new XapiError('HANDLE_INVALID', ['message', String(ref)]);
    ctx.sim.db.delete('message', String(ref));
    return '';
  },
  'message.get_all_records_where': (ctx, [expr]) => {
    const pred = whereExpr(String(expr));
    return Object.fromEntries(rows(ctx).filter(([, row]) => pred(row.rec)).map(([r, row]) => [r, row.rec]));
  },
  'message.destroy_many': (ctx, [refs]) => { for (const r of (refs as string[]) ?? []) ctx.sim.db.delete('message', String(r)); return ''; },
};

/** The database query language of get_all_records_where (field="value", true, false, and, or, not, parentheses). */
function whereExpr(src: string): (r: Rec) => boolean {
  const toks = src.match(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\(|\)|=|[A-Za-z_][\w/]*/g) ?? [];
  let i = 0;
  const bad = () => new XapiError('INVALID_VALUE', ['expr', src]);
  const atom = (): ((r: Rec) => boolean) => {
    const t = toks[i++];
    if (t === undefined) throw bad();
    if (t === '(') { const e = or(); if (toks[i++] !== ')') throw bad(); return e; }
    if (t.toLowerCase() === 'not') { const e = atom(); return (r) => !e(r); }
    if (t.toLowerCase() === 'true') return () => true;
    if (t.toLowerCase() === 'false') return () => false;
    if (toks[i++] !== '=') throw bad();
    const v = toks[i++];
    if (v === undefined || !/^["']/.test(v)) throw bad();
    const want = v.slice(1, -1);
    const field = t.replace(/^field\//, '');
    return (r) => String(r[field] ?? '') === want;
  };
  const and = (): ((r: Rec) => boolean) => { let e = atom(); while (toks[i]?.toLowerCase() === 'and') { i++; const a = e, b = atom(); e = (r) => a(r) && b(r); } return e; };
  const or = (): ((r: Rec) => boolean) => { let e = and(); while (toks[i]?.toLowerCase() === 'or') { i++; const a = e, b = and(); e = (r) => a(r) || b(r); } return e; };
  const e = or();
  if (i !== toks.length) throw bad();
  return e;
}

export const messageMethods: MethodModule = quickCalls(messageHandlers);
