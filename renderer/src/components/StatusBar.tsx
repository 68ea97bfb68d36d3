import { useApp } from '../store';
import { ProgressBar, taskTitle, useTaskRows } from './EventsPanel';

export function StatusBar() {
  const rows = useTaskRows();
  const connections = useApp((s) => s.connections);
  const running = rows.find((r) => r.task.status === 'pending');
  let connected = 0;
  let other = 0;
  for (const c of connections.values()) {
    if (c.status === 'connected') connected++;
    else other++;
  }
  const summary = connections.size === 0 ? 'Not connected'
    : `${connections.size} server${connections.size === 1 ? '' : 's'}: ${connected} connected${other ? `, ${other} not connected` : ''}`;
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
      <div className="status-connections">{summary}</div>
    </footer>
  );
}
