// Events: one row per task (ours and other clients'), kept after the server destroys it.
import { useEffect, useMemo, useRef } from 'react';
import { appStore, useApp } from '../store';
import { useUi } from '../store/ui';
import type { OwnTaskInfo, TaskEntry } from '../store/store';
import { errorParamsNamed, errorText, taskErrorInfo } from '../util/errors';
import { objectName } from '../util/names';
import { formatTime } from '../util/format';
import { taskMethod, taskWords } from '../util/task-words';
import { useToday } from './use-today';
import { DISABLE_HA, ENABLE_HA, MIGRATE_COMMAND, VM_COMMANDS } from '../commands';
import { EJECT_TITLE, JOIN_TITLE } from '../commands/pool-membership';

export const STATUS_TEXT: Record<string, string> = {
  pending: 'In progress', cancelling: 'In progress', success: 'Completed', failure: 'Failed', cancelled: 'Cancelled',
};

/** "Async.VM.start" -> "Starting VM" for the methods our commands start (also when another client started them). */
const TITLE_BY_METHOD = new Map<string, string>([
  ...VM_COMMANDS.map((c) => [c.method, c.title] as const),
  [MIGRATE_COMMAND.method, MIGRATE_COMMAND.title], ['VM.migrate_send', MIGRATE_COMMAND.title],
  [ENABLE_HA.method, ENABLE_HA.title], [DISABLE_HA.method, DISABLE_HA.title],
  ['pool.join', JOIN_TITLE], ['pool.eject', EJECT_TITLE],
]);

export function taskTitle(t: TaskEntry & { targetName?: string }, own: OwnTaskInfo | undefined): string {
  if (own) return own.vm ? `${own.title} '${own.vm}'` : own.title;
  const title = TITLE_BY_METHOD.get(taskMethod(t.nameLabel));
  if (title) return t.targetName ? `${title} '${t.targetName}'` : title;
  // Other clients' tasks: the method in words ("Taking checkpoint of 'web-01'"), not "Async.VM.checkpoint".
  return taskWords(t.nameLabel, t.targetName);
}

export function useTaskRows(): Array<{ task: TaskEntry & { targetName?: string }; own?: OwnTaskInfo }> {
  const taskVersion = useApp((s) => s.taskVersion);
  const tasks = useApp((s) => s.tasks);
  const ownTasks = useApp((s) => s.ownTasks);
  const targets = useApp((s) => s.taskTargets);
  return useMemo(() => {
    void taskVersion;
    const rows: Array<{ task: TaskEntry & { targetName?: string }; own?: OwnTaskInfo }> = [];
    for (const t of tasks.values()) {
      if (t.subtaskOf) continue;
      rows.push({ task: { ...t, targetName: targets.get(t.key) }, own: ownTasks.get(t.key) });
    }
    rows.sort((a, b) => b.task.created - a.task.created || (a.task.key < b.task.key ? 1 : -1));
    return rows;
  }, [taskVersion, tasks, ownTasks, targets]);
}

function ProgressBar({ value, label }: { value: number; label: string }) {
  const pct = Math.max(0, Math.min(100, Math.round(value * 100)));
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} className="progress">
      <div className="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}

export { ProgressBar };

export function EventsPanel() {
  const open = useUi((s) => s.eventsOpen);
  const setUi = useUi((s) => s.set);
  const alerts = useUi((s) => s.alerts);
  const dismiss = useUi((s) => s.dismissAlert);
  const pushAlert = useUi((s) => s.pushAlert);
  const rows = useTaskRows();
  const today = useToday();

  // Alert when a task this renderer started fails.
  const seenFailed = useRef(new Set<string>());
  useEffect(() => {
    for (const { task, own } of rows) {
      if (task.status === 'failure' && own && !task.local && !seenFailed.current.has(task.key)) {
        seenFailed.current.add(task.key);
        pushAlert(`${taskTitle(task, own)} failed${task.step ? ` (${task.step})` : ''}: ${errorText(taskErrorInfo(task.errorInfo))}`);
      }
    }
  }, [rows, pushAlert]);

  return (
    <section className={`events-panel${open ? '' : ' collapsed'}`} aria-label="Events">
      <div className="events-header">
        <button type="button" className="events-toggle" aria-expanded={open} aria-controls="events-body" onClick={() => setUi('eventsOpen', !open)}>
          <span aria-hidden="true" className="events-chevron">{open ? '▾' : '▸'}</span> Events
          {rows.length ? <span className="count"> ({rows.length})</span> : null}
        </button>
      </div>
      {alerts.length ? (
        <div className="alerts">
          {alerts.map((a) => (
            <div role={a.kind === 'info' ? 'status' : 'alert'} key={a.id} className={`alert${a.kind === 'info' ? ' info' : ''}`}>
              <span>{a.message}</span>
              <button type="button" aria-label="Dismiss" className="alert-close" onClick={() => dismiss(a.id)}>×</button>
            </div>
          ))}
        </div>
      ) : null}
      <div id="events-body" className="events-body" hidden={!open}>
        {rows.length === 0 ? <p className="empty">No events.</p> : (
          <table className="grid events-table" aria-label="Tasks">
            <thead><tr><th>Task</th><th className="col-progress">Progress</th><th className="col-status">Status</th><th className="col-time">Time</th></tr></thead>
            <tbody>
              {rows.map(({ task, own }) => {
                const title = taskTitle(task, own);
                const err = task.status === 'failure' || task.status === 'cancelled' ? taskErrorInfo(task.errorInfo) : null;
                // Objects named from the cache; their refs only in a details line.
                const params = err && task.status === 'failure'
                  ? errorParamsNamed(err, (r) => objectName(appStore.getState(), task.connectionId, r)) : { text: '', refs: '' };
                return (
                  <tr key={task.key} data-task-ref={task.ref} data-status={task.status} className={`task-row status-${task.status}`}>
                    <td>
                      <div className="task-title" title={task.nameLabel && task.nameLabel !== title ? task.nameLabel : undefined}>{title}</div>
                      {task.step && (task.status === 'pending' || task.status === 'failure') ? <div className="task-sub task-step">{task.status === 'failure' ? 'Failed at: ' : ''}{task.step}</div> : null}
                      {err && task.status === 'failure' ? (
                        <div className="task-error">{errorText(err)}{params.text ? <span className="error-params"> — {params.text}</span> : null}</div>
                      ) : null}
                      {params.refs ? <div className="task-sub error-refs">Details: {params.refs}</div> : null}
                    </td>
                    <td className="col-progress"><ProgressBar value={task.status === 'pending' && !task.gone ? task.progress : 1} label={`${title} progress`} /></td>
                    <td className="col-status">{task.gone && task.status === 'pending' ? 'Ended' : STATUS_TEXT[task.status] ?? task.status}</td>
                    <td className="col-time">{formatTime(task.finished || task.created, today)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
