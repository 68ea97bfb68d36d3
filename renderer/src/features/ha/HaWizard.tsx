// Configure HA… while HA is off: XenCenter's HAWizard in ui/WizardFrame. Prerequisites (with HAWizard.OnShown's
// warning naming the broken shared SRs); Heartbeat SR (the
// shared SRs, each asked SR.assert_can_host_ha_statefile: those that cannot hold the heartbeat say why);
// HA Plan (PrioritiesEditor: first set-up protects every agile VM, the maximum failures recomputed as the
// priorities change, an overcommitted choice refused); Finish (the summary). Finish sends one ha.configure
// request and, as the New SR wizard, stays open until its task ends: its step and progress show, a
// failure shows in words and code, a success closes it.
import { useEffect, useMemo, useRef, useState } from 'react';
import { appStore, useApp } from '../../state';
import { taskKey } from '../../state/store';
import { useUi } from '../../state/ui';
import type { SelectedObject } from '../../framework/command';
import { useBridge } from '../../framework/bridge-context';
import { runCommand } from '../../framework/run-command';
import { commandState } from '../../framework/availability';
import { WizardFrame } from '../../ui/WizardFrame';
import { errorText, taskErrorInfo } from '../../xapi-model/errors';
import { toErrorInfo } from '../../bridge/types';
import { str } from '../../xapi-model/format';
import { CONFIGURE_HA, configureHa } from './commands';
import { brokenSrsWarning, failuresProblems, heartbeatCandidates, priorityCounts, vmCount } from './model';
import { useHeartbeatScan } from './queries';
import { usePriorities } from './use-priorities';
import { PrioritiesEditor } from './PrioritiesEditor';
import './ha.css';

const PAGES = ['Prerequisites', 'Heartbeat SR', 'HA Plan', 'Finish'] as const;
const HEADINGS: Record<(typeof PAGES)[number], [string, string]> = {
  Prerequisites: ['HA configuration prerequisites', 'This wizard helps you configure HA (high availability) on a resource pool.'],
  'Heartbeat SR': ['Choose a heartbeat SR', 'Select a heartbeat SR that will be used to monitor the availability and health of servers in the pool. Heartbeat SRs must use shared storage.'],
  'HA Plan': ['Configure the HA restart priority, restart order and delay interval for the VMs in this pool', 'VMs start in their start order (lowest first); after each, HA waits its delay before starting the next.'],
  Finish: ['Review configuration and activate HA', 'Review the final HA configuration below. You can press Finish to enable HA with this configuration, or Previous to alter the configuration.'],
};

export function HaWizard({ target }: { target: SelectedObject }) {
  const { connectionId } = target;
  const bridge = useBridge();
  const close = useUi.getState().closeDialog;
  const pushAlert = useUi((s) => s.pushAlert);
  const poolName = useApp((s) => str(s.objects.get(connectionId)?.get('pool')?.get(target.ref)?.name_label));
  const version = useApp((s) => s.version);
  const candidates = useMemo(() => { void version; return heartbeatCandidates(appStore.getState(), connectionId); }, [version, connectionId]);
  const { srs } = useHeartbeatScan(connectionId, candidates);
  const broken = useMemo(() => { void version; return brokenSrsWarning(appStore.getState(), connectionId); }, [version, connectionId]);
  const [srRef, setSrRef] = useState<string | null>(null);
  const chosen = srs?.find((s) => s.ref === srRef && s.usable) ?? null;
  // The first usable SR is chosen when the scan answers (ChooseSR selects the first enabled row).
  useEffect(() => { if (srRef === null && srs) setSrRef(srs.find((s) => s.usable)?.ref ?? ''); }, [srs, srRef]);

  const pr = usePriorities(connectionId, target.ref, true);
  const n = /^\d{1,7}$/.test(pr.ntol.trim()) ? Number(pr.ntol) : null;
  const [page, setPage] = useState(0);
  const [finishing, setFinishing] = useState<string | null>(null);
  const [finishError, setFinishError] = useState('');
  const stopWatch = useRef<() => void>(() => undefined);
  useEffect(() => () => stopWatch.current(), []);

  const problems: string[][] = [
    [],
    srs === null ? ['Scanning for HA heartbeat SRs…'] : srs.every((s) => !s.usable) ? ['There is no shared SR that can hold the heartbeat.'] : chosen ? [] : ['Choose a heartbeat SR.'],
    !pr.ready ? ['Checking which VMs are agile…'] : failuresProblems(n, pr.max, pr.hosts),
    [],
  ];
  const here = PAGES[page];
  const counts = priorityCounts(pr.settings);

  const finish = () => {
    if (!chosen || n === null) return;
    // Things may have changed since the wizard opened (a server down, say): why, in words and code.
    const can = commandState(CONFIGURE_HA, [target], appStore.getState());
    if (!can.enabled) { setFinishError(can.reason ?? 'HA cannot be enabled now'); return; }
    setFinishing('Enabling HA…');
    setFinishError('');
    let started: string | undefined;
    let refused: string | undefined;
    void runCommand({ ...CONFIGURE_HA, dialog: undefined, execute: async (sel, b) => {
      const out = await configureHa(b, sel[0], { heartbeatSrRef: chosen.ref, vms: pr.changes, failuresToTolerate: n }, appStore.getState());
      started = out.taskRef;
      if (out.error) refused = errorText(toErrorInfo(out.error));
      return [out];
    } }, [target], bridge, appStore, pushAlert).then(() => {
      if (!started) { setFinishing(null); setFinishError(refused ?? 'HA could not be enabled'); return; }
      const key = taskKey(connectionId, started);
      const done = (s: ReturnType<typeof appStore.getState>): boolean => {
        const t = s.tasks.get(key);
        if (!t) return false;
        if (t.status === 'pending' || t.status === 'cancelling') {
          setFinishing(`${t.step ?? 'Enabling HA'}… ${Math.round(t.progress * 100)}%`);
          return false;
        }
        if (t.status === 'success') close();
        else {
          setFinishing(null);
          setFinishError(t.errorInfo.length ? errorText(taskErrorInfo(t.errorInfo)) : 'The task was cancelled');
        }
        return true;
      };
      if (done(appStore.getState())) return;
      const stop = appStore.subscribe((s) => { if (done(s)) stop(); });
      stopWatch.current = stop;
    });
  };

  const content = (() => {
    switch (here) {
      case 'Prerequisites': return (
        <div className="ha-intro">
          <p>Before you begin, ensure that the following requirements are satisfied for all servers and virtual machines in the pool:</p>
          <ul>
            <li>Shared storage must be available, including at least one iSCSI, NFS or Fibre Channel LUN. This LUN will be used for the heartbeat SR.</li>
            <li>All the virtual machines you want to protect with HA must be agile.</li>
          </ul>
          <p>We strongly recommend the use of a bonded management interface on the servers in the pool if HA is enabled, and multipathed storage for the heartbeat SR.</p>
          <p>To continue, click Next.</p>
          {broken ? (
            <div className="wizard-warning ha-broken-srs" role="alert" aria-label="Broken SRs">
              <p>{broken.text}</p>
              <ul>{broken.srs.map((n) => <li key={n}>{n}</li>)}</ul>
            </div>
          ) : null}
        </div>
      );
      case 'Heartbeat SR': return srs === null ? <p className="ha-muted" role="status">Scanning for HA heartbeat SRs on {poolName || 'the pool'}…</p> : srs.length === 0 ? <p className="ha-muted">You have no shared SRs.</p> : (
        <div className="ha-grid-scroll">
          <table className="ha-grid ha-srs" aria-label="Heartbeat SRs">
            <thead><tr><th scope="col" className="ha-radio-col"><span className="wizard-sr-only">Chosen</span></th><th scope="col">Storage repository</th><th scope="col">Description</th><th scope="col">Comment</th></tr></thead>
            <tbody>
              {srs.map((s) => (
                <tr key={s.ref} className={s.usable ? undefined : 'ha-unusable'} onClick={() => { if (s.usable) setSrRef(s.ref); }}>
                  <td className="ha-radio-col"><input type="radio" name="ha-sr" aria-label={s.name} checked={chosen?.ref === s.ref} disabled={!s.usable} onChange={() => setSrRef(s.ref)} /></td>
                  <td>{s.name}</td>
                  <td>{s.description || '—'}</td>
                  <td>{s.usable ? '' : <>{s.reason} <span className="ha-code">({s.code})</span></>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
      case 'HA Plan': return <PrioritiesEditor rows={pr.rows} agility={pr.agility} settings={pr.settings} onChange={pr.onChange} ntol={pr.ntol} onNtol={pr.setNtol} max={pr.max} maxError={pr.maxError} disabled={!pr.ready || !!finishing} />;
      case 'Finish': return (
        <div className="ha-summary">
          <dl>
            <dt>Heartbeat SR:</dt><dd>{chosen?.name ?? '—'}</dd>
            <dt>Failure tolerance:</dt><dd>{n ?? '—'}</dd>
            <dt>Restart:</dt><dd>{vmCount(counts.restart)}</dd>
            <dt>Restart if possible:</dt><dd>{vmCount(counts['best-effort'])}</dd>
            <dt>Do not restart:</dt><dd>{vmCount(counts[''])}</dd>
          </dl>
          {counts.restart + counts['best-effort'] === 0 && counts[''] > 0
            ? <p className="wizard-warning">No virtual machines are protected. This configuration will protect the pool coordinator, but none of your services.</p> : null}
          {n === 0 ? <p className="wizard-warning">Under this configuration, the failover tolerance of your pool would be 0 (zero) and it may not be possible to restart your virtual machines in the event of a server failure.</p> : null}
        </div>
      );
    }
  })();
  const [heading, intro] = HEADINGS[here];
  const status = finishing ? <><span className="ha-spinner" aria-hidden="true" />{finishing}</> : undefined;
  return (
    <WizardFrame title={`Configure HA - ${poolName}`} className="ha-wizard" formClassName="ha-wiz" pages={PAGES} page={page} problems={problems}
      onPage={setPage} onFinish={finish} onCancel={close} heading={heading} intro={intro}
      notice={finishError && here === 'Finish' ? <p className="ha-status bad" role="alert">{finishError}</p> : null}
      finishing={!!finishing} busy={!!finishing || srs === null} status={status}>
      {content}
    </WizardFrame>
  );
}
