// The Server Status Report's last page (XenCenter's BugToolPageRetrieveData): one row per server (and
// one for the client's own logs and metadata when chosen),
// waiting / collecting with the bytes so far / done / failed in words with the code, and the report's
// outcome. Cancel stops what is still collecting; in the browser host the saved zip downloads itself.
import { useEffect, useRef } from 'react';
import type { StatusReportHostProgress, StatusReportProgress } from '../../../../shared/ipc/areas/status-report';
import { useBridge } from '../../framework/bridge-context';
import { Dialog } from '../../ui/Dialog';
import { startDownload } from '../../ui/download';
import { errorText } from '../../xapi-model/errors';
import { formatBytes } from '../../xapi-model/format';
import { useReportProgress } from './queries';

function hostStatus(h: StatusReportHostProgress): string {
  if (h.state === 'waiting') return 'Waiting';
  if (h.state === 'collecting') return `Collecting… ${formatBytes(h.bytes)}`;
  if (h.state === 'done') return `Completed (${formatBytes(h.bytes)})`;
  if (h.state === 'cancelled') return 'Canceled';
  return `Failed: ${h.error ? errorText(h.error) : 'unknown error'}`;
}

function outcome(p: StatusReportProgress | undefined, browser: boolean): string {
  if (!p || p.state === 'collecting') return 'Getting system status from the designated servers…';
  if (p.state === 'zipping') return 'Saving the report…';
  if (p.state === 'cancelled') return 'Canceled. No report was saved.';
  if (p.state === 'failed') return `No data was compiled. ${p.error ? errorText(p.error) : ''} Press Close, then start again with other items or servers.`;
  const saved = browser ? `${p.fileName} was downloaded.` : `${p.fileName} was saved.`;
  return p.hosts.some((h) => h.state !== 'done')
    ? `Finished compiling status report (with errors). A partial status report was saved: ${saved}`
    : `Status report was compiled and saved successfully: ${saved}`;
}

/** The client's own row (XenCenter's "XenCenter logs and metadata"): written with the zip, after the servers. */
function clientStatus(p: StatusReportProgress | undefined): string {
  if (!p || p.state === 'collecting') return 'Waiting';
  if (p.state === 'zipping') return 'Saving…';
  if (p.state === 'saved') return p.clientEntries?.length ? `Completed (${p.clientEntries.length} files)` : 'Not saved';
  return p.state === 'cancelled' ? 'Canceled' : 'Not saved';
}

export function ReportProgress({ reportId, onClose, withClient = false }: { reportId: string; onClose(): void; withClient?: boolean }) {
  const bridge = useBridge();
  const p = useReportProgress(reportId);
  const running = !p || p.state === 'collecting' || p.state === 'zipping';
  const downloaded = useRef(false);
  useEffect(() => {
    if (p?.transferId && bridge.transferUrl && !downloaded.current) {
      downloaded.current = true;
      startDownload(bridge.transferUrl(p.transferId));
    }
  }, [p?.transferId, bridge]);
  const cancel = () => { void bridge.request('statusReport.cancel', { reportId }).catch(() => undefined); };
  return (
    <Dialog title="Server Status Report" onCancel={running ? cancel : onClose} className="status-report-progress">
      <div className="ssr-progress" aria-busy={running}>
        <h3 className="wizard-heading">Compile Report</h3>
        <p className="wizard-intro">{p ? `Report file: ${p.fileName}` : 'Starting…'}</p>
        <div className="ssr-grid-wrap">
          <table className="grid ssr-grid" aria-label="Servers">
            <thead><tr><th>Server</th><th>Status</th></tr></thead>
            <tbody>
              {(p?.hosts ?? []).map((h) => (
                <tr key={`${h.connectionId}|${h.hostRef}`} className={`ssr-row-${h.state}`}>
                  <td>{h.name}</td>
                  <td role="status">{hostStatus(h)}</td>
                </tr>
              ))}
              {withClient ? (
                <tr className={`ssr-row-${p?.clientEntries?.length ? 'done' : 'waiting'}`}>
                  <td>PoolDesk logs and metadata</td>
                  <td role="status">{clientStatus(p)}</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
        <p className={`ssr-outcome${p?.state === 'failed' ? ' wizard-error' : ''}`} role="status" data-testid="ssr-outcome">{outcome(p, !!bridge.transferUrl)}</p>
      </div>
      <div className="dialog-buttons">
        {running ? <button type="button" onClick={cancel}>Cancel</button> : <button type="button" className="primary" onClick={onClose}>Close</button>}
      </div>
    </Dialog>
  );
}
