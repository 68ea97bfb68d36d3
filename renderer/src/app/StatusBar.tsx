import { useApp } from '../state';
import { ProgressBar, taskTitle, useTaskRows } from './EventsPanel';
import { connectionsSummary } from '../xapi-model/connection-status';

export function StatusBar() {
  const rows = useTaskRows();
  const connections = useApp((s) => s.connections);
  // A pending task the server destroyed (our own, ended without a final status) is not running.
  const running = rows.find((r) => r.task.status === 'pending' && !r.task.gone);
  const summary = connectionsSummary(connections.values());
  return (
    <footer className="statusbar" aria-label="Status bar">
      <div className="status-task" role="status">
        {running ? (
          <>
            <span className="status-task-title">{taskTitle(running.task, running.own)}</span>
            <ProgressBar value={running.task.progress} label="Current task progress" />
          </>
        ) : <span className="status-idle">Ready</span>}
      </div>
      <div className="status-connections" aria-label="Servers">{summary}</div>
    </footer>
  );
}
