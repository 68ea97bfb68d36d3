import { useApp } from '../state';
import { ProgressBar, taskTitle, useTaskRows } from './EventsPanel';
import { connectionsSummary } from '../xapi-model/connection-status';
import { serverName } from '../framework/availability';

export function StatusBar() {
  const rows = useTaskRows();
  const connections = useApp((s) => s.connections);
  // A pending task the server destroyed (our own, ended without a final status) is not running.
  const running = rows.find((r) => r.task.status === 'pending' && !r.task.gone);
  const summary = connectionsSummary(connections.values());
  // A big pool's full records are still arriving (shared/first-load.ts): its tabs and commands wait.
  const loading = useApp((s) => [...s.loading].map((id) => serverName(s, id)).join(', '));
  return (
    <footer className="statusbar" aria-label="Status bar">
      <div className="status-task" role="status">
        {running ? (
          <>
            <span className="status-task-title">{taskTitle(running.task, running.own)}</span>
            <ProgressBar value={running.task.progress} label="Current task progress" />
          </>
        ) : loading ? <span className="status-idle">Loading the details of {loading}…</span> : <span className="status-idle">Ready</span>}
      </div>
      <div className="status-connections" aria-label="Servers">{summary}</div>
    </footer>
  );
}
