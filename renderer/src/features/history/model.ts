// The History tab's rows, pure: an object's recorded changes (state/history.ts) with their values and
// author in words, newest first; the tasks that worked on the object; the filter; the text Copy puts
// on the clipboard.
import type { AppState, OwnTaskInfo, TaskEntry } from '../../state/store';
import { taskKey, parseXapiDate } from '../../state/store';
import { objectName } from '../../xapi-model/names';
import { isOpaqueRef, NULL_REF } from '../../xapi-model/refs';
import { pickTaskTarget, taskWords } from '../../xapi-model/task-words';
import { formatTime } from '../../xapi-model/format';

type View = Pick<AppState, 'objects' | 'tasks' | 'ownTasks' | 'taskTargets' | 'history'>;

export interface ChangeRow { at: number; when: string; field: string; old: string; new: string; by: string }
export interface TaskRow { key: string; title: string; status: string; started: string; finished: string }

const XAPI_TIME = /^\d{8}T\d{2}:?\d{2}:?\d{2}(\.\d+)?Z$|^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** A field's value as a person reads it: objects by name, Yes/No, maps as key=value, times, "(none)". */
export function valueWords(s: Pick<AppState, 'objects'>, c: string, v: unknown, field = ''): string {
  if (v === undefined || v === null) return '(none)';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') {
    if (v === NULL_REF) return '(none)';
    if (isOpaqueRef(v)) return objectName(s, c, v) ?? `(${field === 'current_operations' ? 'task' : 'object'} no longer known)`;
    if (XAPI_TIME.test(v)) { const t = parseXapiDate(v); return t < 86_400_000 ? '(never)' : formatTime(t); }
    return v === '' ? '(empty)' : v;
  }
  if (Array.isArray(v)) return v.length === 0 ? '(empty)' : v.map((x) => valueWords(s, c, x)).join(', ');
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return '(empty)';
    // current_operations: task ref -> operation; the operations are what a person reads.
    if (field === 'current_operations') return entries.map(([, op]) => valueWords(s, c, op)).join(', ');
    return entries.map(([k, x]) => `${k}=${valueWords(s, c, x)}`).join(', ');
  }
  return '';
}

/** A task's title as the Events panel words it: ours by the title we gave it, others' by their method. */
export function taskTitle(s: Pick<AppState, 'tasks' | 'ownTasks' | 'taskTargets'>, c: string, taskRef: string): string {
  const key = taskKey(c, taskRef);
  const own: OwnTaskInfo | undefined = s.ownTasks.get(key);
  if (own) return own.vm ? `${own.title} '${own.vm}'` : own.title;
  const t = s.tasks.get(key);
  if (!t) return 'a task no longer known';
  const target = pickTaskTarget(s.taskTargets.get(key), t.nameLabel);
  return taskWords(t.nameLabel, target?.name || undefined, target?.cls);
}

/** The object's changes, newest first, in words. */
export function changeRows(s: View, c: string, cls: string, ref: string, now = Date.now()): ChangeRow[] {
  return s.history.entries(c, cls, ref).reverse().map((e) => ({
    at: e.at,
    when: formatTime(e.at, now),
    field: e.field,
    old: valueWords(s, c, e.old, e.field),
    new: valueWords(s, c, e.new, e.field),
    by: e.task ? `task '${taskTitle(s, c, e.task)}'` : 'unknown',
  }));
}

const STATUS: Record<TaskEntry['status'], string> = {
  pending: 'In progress', success: 'Completed', failure: 'Failed', cancelling: 'Cancelling', cancelled: 'Cancelled',
};

/** The tasks that worked on the object (held in its current_operations, or ours started on it), newest first. */
export function objectTaskRows(s: View, c: string, cls: string, ref: string, now = Date.now()): TaskRow[] {
  const out: TaskEntry[] = [];
  for (const t of s.tasks.values()) {
    if (t.connectionId !== c || t.subtaskOf) continue;
    const on = s.taskTargets.get(t.key)?.some((x) => x.cls === cls && x.ref === ref) || s.ownTasks.get(t.key)?.ref === ref;
    if (on) out.push(t);
  }
  out.sort((a, b) => b.created - a.created);
  return out.map((t) => ({
    key: t.key,
    title: taskTitle(s, c, t.ref),
    status: t.status === 'failure' && t.errorInfo.length > 0 ? `Failed: ${t.errorInfo[0]}` : STATUS[t.status] ?? t.status,
    started: formatTime(t.created, now),
    // A task that ended without a finishing time (main destroys its own at once): a dash, not a blank.
    finished: t.finished ? formatTime(t.finished, now) : t.status === 'pending' || t.status === 'cancelling' ? '' : '—',
  }));
}

/** Rows with the filter's words (any case) in any column. */
export function filterRows(rows: readonly ChangeRow[], filter: string): ChangeRow[] {
  const f = filter.trim().toLowerCase();
  if (!f) return [...rows];
  return rows.filter((r) => [r.field, r.old, r.new, r.by, r.when].some((x) => x.toLowerCase().includes(f)));
}

/** The rows as tab-separated text with a header line, as Copy puts them on the clipboard. */
export function rowsText(rows: readonly ChangeRow[]): string {
  const line = (cells: string[]) => cells.map((x) => x.replace(/[\t\r\n]+/g, ' ')).join('\t');
  return [line(['When', 'Field', 'Old value', 'New value', 'By']), ...rows.map((r) => line([new Date(r.at).toISOString(), r.field, r.old, r.new, r.by]))].join('\n');
}
