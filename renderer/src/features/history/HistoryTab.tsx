// The History tab: what changed on the object since connecting (When, Field, Old value, New value, By),
// newest first, with a filter and Copy; below, the tasks that worked on the object.
import { useMemo, useState } from 'react';
import type { TabTarget } from '../../framework/tab';
import { appStore, useApp } from '../../state';
import { copyText } from '../../ui/clipboard';
import { changeRows, filterRows, objectTaskRows, rowsText } from './model';
import './history.css';

export function HistoryTab({ target }: { target: TabTarget }) {
  const conn = target.connectionId;
  const cls = target.cls.toLowerCase();
  const revision = useApp((s) => s.history.revision);
  const taskVersion = useApp((s) => s.taskVersion);
  const version = useApp((s) => s.version);
  const [filter, setFilter] = useState('');
  const [copied, setCopied] = useState('');
  const { rows, tasks } = useMemo(() => {
    void revision; void taskVersion; void version;
    const s = appStore.getState();
    return { rows: changeRows(s, conn, cls, target.ref), tasks: objectTaskRows(s, conn, cls, target.ref) };
  }, [revision, taskVersion, version, conn, cls, target.ref]);
  const shown = useMemo(() => filterRows(rows, filter), [rows, filter]);

  const copy = () => {
    copyText(rowsText(shown)).then(() => setCopied(`Copied ${shown.length} ${shown.length === 1 ? 'change' : 'changes'}.`), (e: unknown) => setCopied(`Copy failed: ${(e as Error).message}`));
  };

  return (
    <div className="history-tab">
      <p className="history-blurb">Changes seen on this object since connecting. XAPI does not say who made a change: it is named only when a task was working on the object at the time.</p>
      <div className="history-bar" role="toolbar" aria-label="History">
        <input type="search" aria-label="Filter changes" placeholder="Filter changes" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button type="button" onClick={copy} disabled={shown.length === 0}>Copy</button>
        <span className="history-status" role="status">{copied}</span>
      </div>
      <section aria-labelledby="history-changes">
        <h3 id="history-changes">Changes {rows.length > 0 ? <span className="history-count">({shown.length === rows.length ? rows.length : `${shown.length} of ${rows.length}`})</span> : null}</h3>
        {shown.length === 0 ? (
          <p className="empty">{rows.length === 0 ? 'No changes since connecting.' : 'No change matches the filter.'}</p>
        ) : (
          <div className="history-scroll">
            <table className="history-table" aria-label="Changes">
              <thead><tr><th>When</th><th>Field</th><th>Old value</th><th>New value</th><th>By</th></tr></thead>
              <tbody>
                {shown.map((r, i) => (
                  <tr key={`${r.at}-${r.field}-${i}`}>
                    <td className="history-when">{r.when}</td><td className="history-field">{r.field}</td>
                    <td className="history-value">{r.old}</td><td className="history-value">{r.new}</td>
                    <td className={r.by === 'unknown' ? 'history-by unknown' : 'history-by'}>{r.by}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="history-tasks">
        <h3 id="history-tasks">Tasks</h3>
        {tasks.length === 0 ? <p className="empty">No tasks have worked on this object since connecting.</p> : (
          <table className="history-table" aria-label="Tasks">
            <thead><tr><th>Task</th><th>Status</th><th>Started</th><th>Finished</th></tr></thead>
            <tbody>
              {tasks.map((t) => (
                <tr key={t.key}><td>{t.title}</td><td>{t.status}</td><td className="history-when">{t.started}</td><td className="history-when">{t.finished}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
