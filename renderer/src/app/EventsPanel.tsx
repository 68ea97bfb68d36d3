// Events: one row per task (ours and other clients'), kept after the server destroys it.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { appStore, useApp } from '../state';
import { useUi } from '../state/ui';
import type { AppState, OwnTaskInfo, TaskEntry } from '../state/store';
import { errorParamsNamed, errorText, taskErrorInfo } from '../xapi-model/errors';
import { objectName } from '../xapi-model/names';
import { formatTime } from '../xapi-model/format';
import { pickTaskTarget, taskMethod, taskWords } from '../xapi-model/task-words';
import { useToday } from '../ui/use-today';
import { finishedKeys, isFinished, visibleRows } from './task-dismiss';
import { EVENTS_MIN, clampEventsHeight, eventsHeightForKey, eventsMax } from '../ui/panel-size';
import { DISABLE_HA, ENABLE_HA } from '../features/ha/commands';
import { MIGRATE_COMMAND } from '../features/migrate/commands';
import { VM_COMMANDS } from '../features/vm-power/commands';
import { EJECT_TITLE, JOIN_TITLE } from '../features/pool-membership/commands';
import { AlertsTab, AlertsView, DesktopNotifier, useAlertsUi } from '../features/alerts';

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

/** A task with the name (and class) of the object it works on, when known. */
export type TaskRow = TaskEntry & { targetName?: string; targetClass?: string };

export function taskTitle(t: TaskRow, own: OwnTaskInfo | undefined): string {
  if (own) return own.vm ? `${own.title} '${own.vm}'` : own.title;
  const title = TITLE_BY_METHOD.get(taskMethod(t.nameLabel));
  if (title) return t.targetName ? `${title} '${t.targetName}'` : title;
  // Other clients' tasks: the method in words ("Taking checkpoint of 'web-01'"), not "Async.VM.checkpoint".
  return taskWords(t.nameLabel, t.targetName, t.targetClass);
}

/** The Events panel's rows, newest first: top-level tasks with the object each works on and our own title. */
export function taskRows(s: Pick<AppState, 'tasks' | 'ownTasks' | 'taskTargets'>): Array<{ task: TaskRow; own?: OwnTaskInfo }> {
  const rows: Array<{ task: TaskRow; own?: OwnTaskInfo }> = [];
  for (const t of s.tasks.values()) {
    if (t.subtaskOf) continue;
    const target = pickTaskTarget(s.taskTargets.get(t.key), t.nameLabel);
    rows.push({ task: { ...t, targetName: target?.name || undefined, targetClass: target?.cls }, own: s.ownTasks.get(t.key) });
  }
  rows.sort((a, b) => b.task.created - a.task.created || (a.task.key < b.task.key ? 1 : -1));
  return rows;
}

export function useTaskRows(): Array<{ task: TaskRow; own?: OwnTaskInfo }> {
  const taskVersion = useApp((s) => s.taskVersion);
  const tasks = useApp((s) => s.tasks);
  const ownTasks = useApp((s) => s.ownTasks);
  const taskTargets = useApp((s) => s.taskTargets);
  return useMemo(() => {
    void taskVersion;
    return taskRows({ tasks, ownTasks, taskTargets });
  }, [taskVersion, tasks, ownTasks, taskTargets]);
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

function useWindowHeight(): number {
  const [h, setH] = useState(() => window.innerHeight);
  useEffect(() => {
    const on = () => setH(window.innerHeight);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return h;
}

/** The bar above the Events panel: drag it, or focus it and use the arrows (Home/End: smallest/largest). */
function EventsSplitter({ height, windowHeight, onHeight }: { height: number; windowHeight: number; onHeight(h: number): void }) {
  const drag = useRef<{ y: number; h: number } | null>(null);
  const onDown = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = { y: e.clientY, h: height };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current) onHeight(clampEventsHeight(drag.current.h - (e.clientY - drag.current.y), windowHeight));
  };
  const onKey = (e: KeyboardEvent) => {
    const h = eventsHeightForKey(e.key, height, windowHeight, e.shiftKey);
    if (h == null) return;
    e.preventDefault();
    onHeight(h);
  };
  return (
    <div role="separator" aria-orientation="horizontal" aria-label="Resize Events panel" tabIndex={0}
      aria-valuenow={height} aria-valuemin={EVENTS_MIN} aria-valuemax={eventsMax(windowHeight)} aria-controls="events-body"
      className="splitter-h" onPointerDown={onDown} onPointerMove={onMove} onPointerUp={() => { drag.current = null; }} onKeyDown={onKey} />
  );
}

export function EventsPanel() {
  const open = useUi((s) => s.eventsOpen);
  const setUi = useUi((s) => s.set);
  const alerts = useUi((s) => s.alerts);
  const dismiss = useUi((s) => s.dismissAlert);
  const pushAlert = useUi((s) => s.pushAlert);
  const allRows = useTaskRows();
  const dismissed = useUi((s) => s.dismissedTasks);
  const dismissTasks = useUi((s) => s.dismissTasks);
  const rows = useMemo(() => visibleRows(allRows, dismissed), [allRows, dismissed]);
  const finished = finishedKeys(rows);
  const windowHeight = useWindowHeight();
  const stored = useUi((s) => s.eventsHeight);
  const setHeight = useUi((s) => s.setEventsHeight);
  const height = clampEventsHeight(stored, windowHeight);
  const today = useToday();
  // The panel shows the tasks (Events) or the servers' alerts (features/alerts), as XenCenter's Notifications.
  const view = useAlertsUi((s) => s.view);
  const setView = useAlertsUi((s) => s.setView);
  const showAlerts = open && view === 'alerts';
  const sized = open && (rows.length > 0 || alerts.length > 0 || showAlerts);

  // Alert when a task this renderer started fails.
  const seenFailed = useRef(new Set<string>());
  useEffect(() => {
    for (const { task, own } of allRows) {
      if (task.status === 'failure' && own && !task.local && !seenFailed.current.has(task.key)) {
        seenFailed.current.add(task.key);
        pushAlert(`${taskTitle(task, own)} failed${task.step ? ` (${task.step})` : ''}: ${errorText(taskErrorInfo(task.errorInfo))}`);
      }
    }
  }, [allRows, pushAlert]);

  return (
    // Empty, the panel is only as tall as its "No events." line; with rows, as tall as its splitter says.
    <section className={`events-panel${open ? '' : ' collapsed'}`} aria-label="Events" style={sized ? { height } : undefined}>
      {sized ? <EventsSplitter height={height} windowHeight={windowHeight} onHeight={setHeight} /> : null}
      <div className="events-header">
        <button type="button" className="events-toggle" aria-expanded={open} aria-controls="events-body" aria-pressed={open && !showAlerts}
          onClick={() => { setView('events'); if (!showAlerts) setUi('eventsOpen', !open); }}>
          <span aria-hidden="true" className="events-chevron">{open ? '▾' : '▸'}</span> Events
          {rows.length ? <span className="count"> ({rows.length})</span> : null}
        </button>
        <DesktopNotifier />
        <AlertsTab pressed={showAlerts} onClick={() => { setView('alerts'); setUi('eventsOpen', !showAlerts || !open); }} />
        {open && !showAlerts && finished.length ? (
          <button type="button" className="events-dismiss-all" onClick={() => dismissTasks(finished)}>Dismiss all finished</button>
        ) : null}
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
        {showAlerts ? <AlertsView /> : rows.length === 0 ? <p className="empty">No events.</p> : (
          <table className="grid events-table" aria-label="Tasks">
            <thead><tr><th>Task</th><th className="col-progress">Progress</th><th className="col-status">Status</th><th className="col-time">Time</th><th className="col-dismiss"><span className="sr-only">Dismiss</span></th></tr></thead>
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
                      {task.note && task.status === 'success' ? <div className="task-sub task-note" role="note">{task.note}</div> : null}
                      {err && task.status === 'failure' ? (
                        <div className="task-error">{errorText(err)}{params.text ? <span className="error-params"> — {params.text}</span> : null}</div>
                      ) : null}
                      {params.refs ? <div className="task-sub error-refs">Details: {params.refs}</div> : null}
                    </td>
                    <td className="col-progress"><ProgressBar value={task.status === 'pending' && !task.gone ? task.progress : 1} label={`${title} progress`} /></td>
                    <td className="col-status">{task.gone && task.status === 'pending' ? 'Ended' : STATUS_TEXT[task.status] ?? task.status}</td>
                    <td className="col-time">{formatTime(task.finished || task.created, today)}</td>
                    <td className="col-dismiss">
                      {isFinished(task) ? (
                        <button type="button" className="task-dismiss" aria-label={`Dismiss ${title}`} title="Dismiss" onClick={() => dismissTasks([task.key])}>×</button>
                      ) : null}
                    </td>
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
