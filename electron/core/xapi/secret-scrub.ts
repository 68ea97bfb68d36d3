// What main takes out of data before it reaches the renderer, which never sees a session or a
// secret (DESIGN.md): session objects, a secret's value, and task results and errors that hold a
// session. A task's `result` is withheld whole when the task runs a message the IPC allow-list
// refuses (Async.host.migrate_receive's map holds a session_id); any other result or error keeps
// its text with every session ref main knows, and every XML-RPC struct member named session_id or
// exportname, blanked. The cache in main keeps the real records (main's own flows read them).
import type { CacheDelta, ObjectChange } from '../../../shared/ipc/contract';
import { taskResultWithheld } from '../../../shared/xapi/renderer-calls';

/** Whether a ref is one of main's sessions (any connection, this run). */
export type OwnSession = (ref: string) => boolean;

/** What a blanked session ref reads as. */
export const SESSION_PLACEHOLDER = '<session>';

const OPAQUE_REF = /OpaqueRef:[A-Za-z0-9-]+/g;
/** XML-RPC struct members whose value is a session (xapi's migrate_receive map, vdi_nbd_server_info). */
const SESSION_MEMBER = /(<member>\s*<name>\s*(?:session_id|exportname)\s*<\/name>\s*<value>)([\s\S]*?)(<\/value>\s*<\/member>)/g;
/** A session in a URL's query (migrate_receive's SM and xenops URLs). */
const SESSION_QUERY = /(session_id=)OpaqueRef:[A-Za-z0-9-]+/g;
/** Classes whose records never cross: sessions (the event stream of a real host may carry them). */
const HIDDEN_CLASSES = new Set(['session']);

/** A text with main's session refs and session-bearing XML members blanked. */
export function scrubText(text: string, own: OwnSession): string {
  const members = text.replace(SESSION_MEMBER, (_m, open: string, _v: string, close: string) => `${open}${close}`)
    .replace(SESSION_QUERY, `$1${SESSION_PLACEHOLDER}`);
  return members.replace(OPAQUE_REF, (ref) => (own(ref) ? SESSION_PLACEHOLDER : ref));
}

/** A task record as the renderer may see it. */
export function scrubTaskRecord(rec: Record<string, unknown>, own: OwnSession): Record<string, unknown> {
  let out = rec;
  const label = typeof rec.name_label === 'string' ? rec.name_label : '';
  if (typeof rec.result === 'string' && rec.result) {
    const result = taskResultWithheld(label) ? '' : scrubText(rec.result, own);
    if (result !== rec.result) out = { ...out, result };
  }
  if (Array.isArray(rec.error_info)) {
    const errors = scrubErrorInfo(rec.error_info, own);
    if (errors !== rec.error_info) out = { ...out, error_info: errors };
  }
  return out;
}

/** An error's [code, ...params]: SESSION_INVALID names a session (on a real host, another pool's). */
function scrubErrorInfo(info: unknown[], own: OwnSession): unknown[] {
  const sessionParams = info[0] === 'SESSION_INVALID';
  let changed = false;
  const out = info.map((p, i) => {
    if (typeof p !== 'string') return p;
    const clean = i > 0 && sessionParams && p.startsWith('OpaqueRef:') ? SESSION_PLACEHOLDER : scrubText(p, own);
    if (clean !== p) changed = true;
    return clean;
  });
  return changed ? out : info;
}

/** One object's record as the renderer may see it (sessions aside: those never cross at all). */
export function scrubRecord(cls: string, rec: Record<string, unknown>, own: OwnSession): Record<string, unknown> {
  if (cls === 'task') return scrubTaskRecord(rec, own);
  if (cls === 'secret' && 'value' in rec) return { ...rec, value: '' };
  return rec;
}

/** A cache delta as the renderer may see it. */
export function scrubDelta(delta: CacheDelta, own: OwnSession): CacheDelta {
  let changed = false;
  const changes: ObjectChange[] = [];
  for (const ch of delta.changes) {
    if (HIDDEN_CLASSES.has(ch.cls)) { changed = true; continue; }
    const record = ch.record ? scrubRecord(ch.cls, ch.record, own) : undefined;
    if (record !== ch.record) { changed = true; changes.push({ ...ch, record }); } else changes.push(ch);
  }
  // Short-form tables hold only the big classes of shared/first-load.ts; one of a class that is hidden or scrubbed never crosses.
  const short = delta.short?.filter((t) => !HIDDEN_CLASSES.has(t.cls) && t.cls !== 'task' && t.cls !== 'secret');
  if (short && short.length !== delta.short!.length) return { ...delta, changes, short };
  return changed ? { ...delta, changes } : delta;
}

/**
 * The result of a renderer's xapi.call. Only task reads can hold a session among the messages the
 * allow-list lets through (a task's result or error); `taskLabel` is the name_label of the task
 * whose task.get_result this is, when known.
 */
export function scrubCallResult(method: string, result: unknown, own: OwnSession, taskLabel?: string): unknown {
  if (!method.startsWith('task.')) return result;
  const rec = (v: unknown): unknown => (v && typeof v === 'object' && !Array.isArray(v) ? scrubTaskRecord(v as Record<string, unknown>, own) : v);
  switch (method) {
    case 'task.get_record':
      return rec(result);
    case 'task.get_all_records':
    case 'task.get_all_records_where':
      return result && typeof result === 'object' ? Object.fromEntries(Object.entries(result).map(([k, v]) => [k, rec(v)])) : result;
    case 'task.get_result': {
      if (typeof result !== 'string') return result;
      return taskLabel !== undefined && taskResultWithheld(taskLabel) ? '' : scrubText(result, own);
    }
    case 'task.get_error_info':
      return Array.isArray(result) ? scrubErrorInfo(result, own) : result;
    default:
      return result;
  }
}
