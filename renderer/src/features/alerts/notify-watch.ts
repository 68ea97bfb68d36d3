// What deserves a desktop notification since the last look at the store: a new critical or major
// alert (priority 1-2) and a task that failed. What a server holds when this client first sees it (the
// backlog loaded at connect, or again after a resync) is only remembered, never announced.
import type { AppState, ClassMap, ConnObjects } from '../../state/store';
import { errorText, taskErrorInfo } from '../../xapi-model/errors';
import { pickTaskTarget, taskWords } from '../../xapi-model/task-words';
import { serverName } from '../../framework/availability';
import { alertOf, uuidIndex, type UuidIndex } from './alert-text';

export interface DesktopNote { tag: string; title: string; body: string }

interface ConnWatch { objects: ConnObjects; since: number }

/** What the watcher remembers between looks. */
export interface NotifyWatch {
  conns: Map<string, ConnWatch>;
  seenMessages: Set<string>;
  /** Tasks already failed when seen, or announced. */
  failedTasks: Set<string>;
  started: boolean;
}

export const newWatch = (): NotifyWatch => ({ conns: new Map(), seenMessages: new Set(), failedTasks: new Set(), started: false });

/** A message older than this before its server was first seen is backlog, even when it arrives late (a staged load's slices). */
const BACKLOG_SLACK_MS = 60_000;

type WatchedState = Pick<AppState, 'objects' | 'connections' | 'loading' | 'tasks' | 'taskTargets'>;

export function notesSince(w: NotifyWatch, s: WatchedState, now: number): DesktopNote[] {
  const notes: DesktopNote[] = [];
  for (const [id, objects] of s.objects) {
    const seen = w.conns.get(id);
    const messages: ClassMap | undefined = objects.get('message');
    // A new connection, a reset (a new map) or a load still arriving: remember, do not announce.
    if (!seen || seen.objects !== objects || s.loading.has(id)) {
      w.conns.set(id, { objects, since: seen && seen.objects === objects ? seen.since : now });
      for (const ref of messages?.keys() ?? []) w.seenMessages.add(`${id}\u0000${ref}`);
      continue;
    }
    let index: UuidIndex | undefined;
    for (const [ref, rec] of messages ?? []) {
      const key = `${id}\u0000${ref}`;
      if (w.seenMessages.has(key)) continue;
      w.seenMessages.add(key);
      index ??= uuidIndex(s, id);
      const a = alertOf(s, id, ref, rec, index);
      if ((a.priority === 1 || a.priority === 2) && a.timestamp >= seen.since - BACKLOG_SLACK_MS) {
        notes.push({ tag: key, title: `${a.priority === 1 ? 'Critical' : 'Major'} alert: ${a.title}`, body: `${a.description}\n${a.appliesTo}` });
      }
    }
  }
  for (const id of [...w.conns.keys()]) if (!s.objects.has(id)) w.conns.delete(id);
  for (const t of s.tasks.values()) {
    if (t.status !== 'failure' || t.subtaskOf || w.failedTasks.has(t.key)) continue;
    w.failedTasks.add(t.key);
    const conn = w.conns.get(t.connectionId);
    // Failed before this client watched its server: backlog.
    if (!w.started || !conn || (t.finished || t.created) < conn.since) continue;
    const target = pickTaskTarget(s.taskTargets.get(t.key), t.nameLabel);
    notes.push({
      tag: t.key,
      title: `Task failed on ${serverName(s, t.connectionId)}`,
      body: `${taskWords(t.nameLabel, target?.name || undefined, target?.cls)}: ${errorText(taskErrorInfo(t.errorInfo))}`,
    });
  }
  w.started = true;
  return notes;
}
