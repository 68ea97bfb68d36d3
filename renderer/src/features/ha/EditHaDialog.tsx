// Configure HA… while HA is on: XenCenter's EditVmHaPrioritiesDialog. The same PrioritiesEditor, started
// from the VMs' own settings and the pool's failures to tolerate; OK sends only what changed as one
// ha.configure request (main orders the calls so the plan holds), whose task shows in the Events panel.
// With a server down nothing can be edited (xapi could not keep a plan for it).
import { useState, type FormEvent } from 'react';
import { appStore, useApp } from '../../state';
import type { SelectedObject } from '../../framework/command';
import { useRunChoice } from '../../framework/use-run-choice';
import { Dialog } from '../../ui/Dialog';
import { str } from '../../xapi-model/format';
import { CONFIGURE_HA, configureHa, editHaRefusal } from './commands';
import { failuresProblems } from './model';
import { usePriorities } from './use-priorities';
import { PrioritiesEditor } from './PrioritiesEditor';
import './ha.css';

export function EditHaDialog({ target }: { target: SelectedObject }) {
  const { close, run } = useRunChoice();
  const poolName = useApp((s) => str(s.objects.get(target.connectionId)?.get('pool')?.get(target.ref)?.name_label));
  const poolNtol = useApp((s) => Number(s.objects.get(target.connectionId)?.get('pool')?.get(target.ref)?.ha_host_failures_to_tolerate ?? 0));
  const blocked = useApp((s) => { void s.version; return editHaRefusal([target], s); });
  const pr = usePriorities(target.connectionId, target.ref, false);
  const n = /^\d{1,7}$/.test(pr.ntol.trim()) ? Number(pr.ntol) : null;
  const problems = blocked ? [blocked] : !pr.ready ? ['Checking which VMs are agile…'] : failuresProblems(n, pr.max, pr.hosts);
  const changed = pr.changes.length > 0 || (n !== null && n !== poolNtol);
  // XenCenter asks before a configuration that tolerates no failure (HA_NTOL_ZERO_QUERY).
  const [askZero, setAskZero] = useState(false);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (problems.length || n === null) return;
    if (!changed) { close(); return; }
    if (n === 0 && !askZero) { setAskZero(true); return; }
    const vms = pr.changes;
    run(CONFIGURE_HA, target, async (sel, b) => [await configureHa(b, sel[0], { vms, failuresToTolerate: n }, appStore.getState())]);
  };
  return (
    <Dialog title={`Configure HA - ${poolName}`} onCancel={close} className="ha-edit-dialog">
      <form onSubmit={submit} noValidate>
        <p className="ha-blurb">HA is currently configured on pool &apos;{poolName}&apos;. Change the restart priority, start order and delay of its VMs, and the number of server failures to tolerate.</p>
        <PrioritiesEditor rows={pr.rows} agility={pr.agility} settings={pr.settings} onChange={pr.onChange} ntol={pr.ntol} onNtol={(v) => { setAskZero(false); pr.setNtol(v); }}
          max={pr.max} maxError={pr.maxError} disabled={!!blocked || !pr.ready} />
        {blocked ? <p className="ha-status bad" role="alert">{blocked}</p> : null}
        {askZero ? (
          <div className="ha-status bad" role="alertdialog" aria-label="Failure tolerance 0">
            <p className="ha-question">Under this HA configuration, the failover tolerance of your pool would be 0 (zero) and it may not be possible to restart your virtual machines in the event of a server failure. Do you want to continue?</p>
            <div className="dialog-buttons ha-question-buttons">
              <button type="submit" className="primary" disabled={problems.length > 0}>Yes</button>
              <button type="button" onClick={() => setAskZero(false)}>No</button>
            </div>
          </div>
        ) : (
          <div className="dialog-buttons">
            <button type="submit" className="primary" disabled={problems.length > 0} title={problems[0]}>OK</button>
            <button type="button" onClick={close}>Cancel</button>
          </div>
        )}
      </form>
    </Dialog>
  );
}
