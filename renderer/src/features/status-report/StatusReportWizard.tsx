// Tools > Server Status Report…: XenCenter's BugToolWizard in ui/WizardFrame. Select Servers (the
// connected pools' live hosts, a pool's box checking all of them; a pool whose role cannot download
// reports greyed with XenCenter's reason), Select Report Contents (the
// capabilities every chosen server offers, checked as the servers say, with size/time estimates,
// confidentiality and totals), Report Destination (the zip's name). Finish hands the choice to main,
// which collects and saves it; the dialog then shows each server's progress (ReportProgress.tsx).
import { useEffect, useMemo, useState } from 'react';
import { CLIENT_LOGS_KEY, statusReportFileNameProblem, type StatusCapability } from '../../../../shared/ipc/areas/status-report';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import { useBridge } from '../../framework/bridge-context';
import { toErrorInfo } from '../../bridge/types';
import { errorText } from '../../xapi-model/errors';
import { WizardFrame } from '../../ui/WizardFrame';
import {
  PII_LABEL, PII_TEXT, capabilityName, choiceKey, common, defaultChecked, defaultFileName, reportableServers, sizeEstimate, timeEstimate, totals,
  type ServerChoice,
} from './report-model';
import { useCapabilities } from './queries';
import { ReportProgress } from './ReportProgress';
import './status-report.css';

const PAGES = ['Select Servers', 'Select Report Contents', 'Report Destination'] as const;
const HEADINGS: [string, string][] = [
  ['Select the servers you wish to include in your report', 'Servers that are not running or whose pool is not connected cannot report.'],
  ['Select the data you want to include in your report', 'The size and time are estimates for every server chosen. Confidentiality says whether the files hold personally identifiable information.'],
  ['Specify the report file name', ''],
];

export function StatusReportWizard() {
  const bridge = useBridge();
  const close = useUi.getState().closeDialog;
  const version = useApp((s) => s.version);
  const pools = useMemo(() => { void version; return reportableServers(appStore.getState()); }, [version]);
  const [page, setPage] = useState(0);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  // A pool whose role cannot report is never chosen, even if chosen before its role changed.
  const servers: ServerChoice[] = pools.filter((p) => !p.blocked).flatMap((p) => p.hosts).filter((h) => chosen.has(choiceKey(h)));
  const { lists, error: capsError } = useCapabilities(page >= 1 ? servers : []);
  const caps = useMemo(() => (lists ? common(lists) : null), [lists]);
  const [checked, setChecked] = useState<ReadonlySet<string> | null>(null);
  // The capabilities' own defaults, each time the set of servers (and so of capabilities) changes.
  const capsKey = caps?.map((c) => c.key).join(',') ?? '';
  useEffect(() => { setChecked(caps ? defaultChecked(caps) : null); }, [capsKey]);
  const [fileName, setFileName] = useState(defaultFileName);
  const [finishing, setFinishing] = useState(false);
  const [finishError, setFinishError] = useState('');
  const [reportId, setReportId] = useState<string | null>(null);

  if (reportId) return <ReportProgress reportId={reportId} onClose={close} withClient={!!checked?.has(CLIENT_LOGS_KEY)} />;

  const fileProblem = statusReportFileNameProblem(fileName.trim());
  const problems: string[][] = [
    servers.length ? [] : [!pools.length ? 'There is no connected server that is running.'
      : pools.every((p) => p.blocked) ? pools[0].blocked! : 'Select at least one server.'],
    capsError ? [`The servers' report contents could not be read: ${capsError}`] : !caps || !checked ? ['Getting the servers\' report contents…'] : checked.size ? [] : ['Select at least one item to include in the report.'],
    fileProblem ? [fileProblem] : [],
  ];

  const toggle = (keys: string[], on: boolean) => setChosen((s) => { const n = new Set(s); for (const k of keys) if (on) n.add(k); else n.delete(k); return n; });
  const finish = () => {
    if (!caps || !checked) return;
    setFinishing(true);
    setFinishError('');
    bridge.request('statusReport.start', {
      hosts: servers.map(({ connectionId, hostRef }) => ({ connectionId, hostRef })),
      capabilities: caps.filter((c) => checked.has(c.key)).map((c) => c.key),
      fileName: fileName.trim(),
    }).then(({ reportId: id }) => setReportId(id), (e: unknown) => {
      setFinishing(false);
      const info = toErrorInfo(e);
      if (info.code !== 'TRANSFER_CANCELLED') setFinishError(`The report could not be started: ${errorText(info)}`);
    });
  };

  return (
    <WizardFrame title="Server Status Report" className="status-report-wizard" formClassName="ssr-wiz" pages={PAGES} page={page}
      problems={problems} onPage={setPage} onFinish={finish} onCancel={close} heading={HEADINGS[page][0]} intro={page === 2 ? destinationIntro(!!bridge.transferUrl) : HEADINGS[page][1]}
      finishing={finishing} busy={finishing || (page === 1 && !caps && !capsError)} notice={finishError ? <p className="wizard-error" role="alert">{finishError}</p> : undefined}
      status={finishing ? 'Starting the report…' : undefined}>
      {page === 0 ? (
        <div className="ssr-servers">
          <ul className="ssr-tree" aria-label="Servers">
            {pools.map((p) => {
              const keys = p.hosts.map(choiceKey);
              const n = keys.filter((k) => chosen.has(k)).length;
              const open = !collapsed.has(p.connectionId);
              return (
                <li key={p.connectionId}>
                  <div className="ssr-pool">
                    <button type="button" className="ssr-expander" aria-expanded={open} aria-label={`${open ? 'Collapse' : 'Expand'} ${p.name}`}
                      onClick={() => setCollapsed((s) => { const c = new Set(s); if (open) c.add(p.connectionId); else c.delete(p.connectionId); return c; })}>{open ? '▾' : '▸'}</button>
                    <label title={p.blocked}><input type="checkbox" checked={n > 0 && n === keys.length} disabled={!!p.blocked} ref={(el) => { if (el) el.indeterminate = n > 0 && n < keys.length; }}
                      onChange={(e) => toggle(keys, e.target.checked)} /> {p.name}</label>
                  </div>
                  {p.blocked ? <p className="ssr-blocked" role="note">{p.blocked}</p> : null}
                  {open ? (
                    <ul>
                      {p.hosts.map((h) => (
                        <li key={h.hostRef}><label title={p.blocked}><input type="checkbox" checked={chosen.has(choiceKey(h))} disabled={!!p.blocked} onChange={(e) => toggle([choiceKey(h)], e.target.checked)} /> {h.name}</label></li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              );
            })}
          </ul>
          <div className="ssr-buttons">
            <button type="button" onClick={() => toggle(pools.filter((p) => !p.blocked).flatMap((p) => p.hosts.map(choiceKey)), true)}>Select All</button>
            <button type="button" onClick={() => setChosen(new Set())}>Clear All</button>
          </div>
        </div>
      ) : page === 1 ? (
        <Contents caps={caps} checked={checked} hosts={servers.length} onChecked={setChecked} />
      ) : (
        <div className="ssr-destination">
          <label htmlFor="ssr-file">File name:</label>
          <input id="ssr-file" value={fileName} onChange={(e) => setFileName(e.target.value)} spellCheck={false} />
          <p className="ssr-summary">{servers.length === 1 ? '1 server' : `${servers.length} servers`}, {checked?.size ?? 0} items of report content.</p>
        </div>
      )}
    </WizardFrame>
  );
}

function destinationIntro(browser: boolean): string {
  return browser
    ? 'The report is saved as a zip file with one entry per server; your browser downloads it once every server has answered.'
    : 'The report is saved as a zip file with one entry per server. When you click Finish, choose the folder to save it in.';
}

function Contents({ caps, checked, hosts, onChecked }: { caps: StatusCapability[] | null; checked: ReadonlySet<string> | null; hosts: number; onChecked(s: ReadonlySet<string>): void }) {
  if (!caps || !checked) return <p className="ssr-loading">Getting the servers' report contents…</p>;
  const set = (key: string, on: boolean) => { const n = new Set(checked); if (on) n.add(key); else n.delete(key); onChecked(n); };
  const t = totals(caps, checked, hosts);
  return (
    <div className="ssr-contents">
      <div className="ssr-grid-wrap">
        <table className="grid ssr-grid" aria-label="Report contents">
          <thead><tr><th aria-label="Include" /><th>Name</th><th>Size</th><th>Time</th><th>Confidentiality</th></tr></thead>
          <tbody>
            {caps.map((c) => (
              <tr key={c.key}>
                <td><input type="checkbox" aria-label={capabilityName(c.key)} checked={checked.has(c.key)} onChange={(e) => set(c.key, e.target.checked)} /></td>
                <td title={c.key}>{capabilityName(c.key)}</td>
                <td>{sizeEstimate(c)}</td>
                <td>{timeEstimate(c)}</td>
                <td title={PII_TEXT[c.pii]}><span className={`ssr-pii ssr-pii-${c.pii}`}>{PII_LABEL[c.pii]}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="ssr-totals">
        <span>Total size: <strong data-testid="ssr-total-size">{t.size}</strong></span>
        <span>Total time: <strong>{t.time}</strong></span>
        <span className="ssr-buttons">
          <button type="button" onClick={() => onChecked(new Set(caps.map((c) => c.key)))}>Select All</button>
          <button type="button" onClick={() => onChecked(new Set())}>Clear All</button>
        </span>
      </div>
    </div>
  );
}
