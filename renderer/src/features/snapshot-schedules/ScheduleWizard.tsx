// The New Snapshot Schedule wizard (XenCenter's NewPolicyWizard) and, for an existing schedule, its
// Properties on the same pages: Name, Virtual Machines (a VM of another schedule moves to this one,
// with a warning), Snapshot Type (quiesced only when every chosen VM supports it), Snapshot Schedule
// (hourly / daily / weekly on the server's clock, and how many snapshots to keep), Finish. Finish
// sends VMSS.create then VM.set_snapshot_schedule per VM (or only what changed), saying which call it
// is on; a refusal stays on the page in words with its code. Either way it returns to the list.
import { useMemo, useState } from 'react';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import type { SelectedObject } from '../../framework/command';
import { useBridge } from '../../framework/bridge-context';
import { WizardFrame } from '../../ui/WizardFrame';
import { record } from '../../xapi-model/records';
import { str } from '../../xapi-model/format';
import { movingVms, poolSchedules, poolVms, type PoolVm } from './pool-schedules';
import { createSchedule, editSteps, runSteps, type ScheduleDraft } from './schedule-calls';
import {
  DAYS, DEFAULT_CHOICE, QUARTERS, TYPE_WORDS, frequencyWords, nameProblems, nextRun, scheduleProblems, serverTimeText,
  sortDays, typeWords, type Day, type Frequency, type ScheduleChoice, type SnapshotType,
} from './schedule-model';
import { SCHEDULES_DIALOG } from './commands';
import { instantOf, localTimeText, serverWallNow, zoneText } from './server-clock';
import { useServerClock } from './use-server-clock';
import './snapshot-schedules.css';

const PAGES = ['Name', 'Virtual Machines', 'Snapshot Type', 'Snapshot Schedule', 'Finish'] as const;
const HEADINGS: Record<(typeof PAGES)[number], [string, string]> = {
  Name: ['Name the snapshot schedule', 'Enter the snapshot schedule name and an optional description.'],
  'Virtual Machines': ['Choose the VMs of this schedule', 'Select a checkbox to add a VM to the snapshot schedule; clear its checkbox to remove it from the schedule.'],
  'Snapshot Type': ['Choose the type of snapshot', 'What each scheduled snapshot keeps of the VMs.'],
  'Snapshot Schedule': ['Choose when snapshots are taken', 'How often, at what time of the server\'s clock, and how many snapshots of each VM to keep; the oldest are deleted.'],
  Finish: ['Ready to save the snapshot schedule', 'Check the choices below, then choose Finish.'],
};
const TYPE_BLURB: Record<SnapshotType, string> = {
  snapshot: 'The VMs\' disks only. A running VM restored from it boots afresh.',
  checkpoint: 'The disks and the memory of running VMs: a restored VM carries on where it was. Takes longer and needs room for the memory.',
  snapshot_with_quiesce: 'The guest\'s VSS provider quiesces the disks first (Windows VMs with the VSS tools).',
};

/** New Snapshot Schedule… of the VM menu's Assign to Snapshot Schedule: the wizard with the selected VMs chosen,
 * closing (not back to the list) when done. */
export function ScheduleWizardForVms({ target, targets }: { target?: SelectedObject; targets?: SelectedObject[] }) {
  const vms = targets ?? (target ? [target] : []);
  if (!vms.length) return null;
  return <ScheduleWizard target={vms[0]} preselected={vms.map((v) => v.ref)} />;
}

export function ScheduleWizard({ target, preselected }: { target: SelectedObject; preselected?: string[] }) {
  // Properties: the list dialog opens the wizard with the schedule as the dialog's partner.
  const [partner] = useState(() => (preselected ? undefined : useUi.getState().dialog?.partner));
  const bridge = useBridge();
  const { connectionId } = target;
  const back = () => (preselected ? useUi.getState().closeDialog() : useUi.getState().openDialog(SCHEDULES_DIALOG, target));
  const version = useApp((s) => s.version);
  const vms = useMemo(() => { void version; return poolVms(appStore.getState(), connectionId); }, [version, connectionId]);
  const [editing] = useState(() => (partner ? poolSchedules(appStore.getState(), connectionId).find((s) => s.ref === partner.ref) : undefined));
  const [draft, setDraft] = useState<ScheduleDraft>(() => editing
    ? { name: editing.name, description: editing.description, vms: editing.vms, type: editing.type, choice: editing.choice, retained: editing.retained }
    : { name: '', description: '', vms: vms.filter((v) => preselected?.includes(v.ref)).map((v) => v.ref), type: 'snapshot', choice: DEFAULT_CHOICE, retained: 7 });
  const [page, setPage] = useState(0);
  const [finishing, setFinishing] = useState(false);
  const [status, setStatus] = useState('');
  const [finishError, setFinishError] = useState('');
  const change = (p: Partial<ScheduleDraft>) => setDraft((d) => ({ ...d, ...p }));
  const vmName = (ref: string) => str(record(appStore.getState(), connectionId, 'vm', ref)?.name_label) || ref;

  const chosen = useMemo(() => new Set(draft.vms), [draft.vms]);
  const moving = movingVms(vms, chosen, editing?.ref);
  const quiesceOk = draft.vms.length > 0 && vms.filter((v) => chosen.has(v.ref)).every((v) => v.quiesce);
  const problems = [
    nameProblems(draft.name),
    [],
    draft.type === 'snapshot_with_quiesce' && !quiesceOk ? ['Quiesced snapshots need VMs whose guests support them'] : [],
    scheduleProblems(draft.choice, draft.retained),
    [],
  ];
  const here = PAGES[page];

  const finish = async () => {
    setFinishing(true);
    setFinishError('');
    const progress = (done: number, total: number, what: string) => setStatus(`${what}… (${done + 1 > total ? total : done + 1} of ${total})`);
    const error = editing
      ? await runSteps(bridge, connectionId, editSteps(editing, draft, vmName), progress)
      : (await createSchedule(bridge, connectionId, draft, vmName, progress)).error;
    setFinishing(false);
    setStatus('');
    if (error) { setFinishError(error); return; }
    back();
  };

  const content = (() => {
    switch (here) {
      case 'Name': return (
        <div className="form-grid wizard-form">
          <label htmlFor="vmss-name">Name</label>
          <input id="vmss-name" value={draft.name} maxLength={1024} onChange={(e) => change({ name: e.target.value })} />
          <label htmlFor="vmss-desc" className="wizard-top">Description</label>
          <textarea id="vmss-desc" rows={4} value={draft.description} onChange={(e) => change({ description: e.target.value })} />
        </div>
      );
      case 'Virtual Machines': return <VmsPage vms={vms} chosen={chosen} self={editing?.ref} onChange={(list) => change({ vms: list })} moving={moving} />;
      case 'Snapshot Type': return (
        <fieldset className="wizard-radios" aria-label="Snapshot type">
          {(Object.keys(TYPE_WORDS) as SnapshotType[]).map((t) => {
            const off = t === 'snapshot_with_quiesce' && !quiesceOk && draft.type !== t;
            return (
              <label key={t} className="wizard-radio vmss-type" title={off ? 'None of the chosen VMs supports quiesced snapshots' : undefined}>
                <input type="radio" name="vmss-type" value={t} checked={draft.type === t} disabled={off} onChange={() => change({ type: t })} />
                <span><strong>{TYPE_WORDS[t]}</strong><br /><span className="wizard-muted">{TYPE_BLURB[t]}{off ? ' None of the chosen VMs supports them.' : ''}</span></span>
              </label>
            );
          })}
        </fieldset>
      );
      case 'Snapshot Schedule': return <FrequencyPage connectionId={connectionId} choice={draft.choice} retained={draft.retained} onChoice={(choice) => change({ choice })} onRetained={(retained) => change({ retained })} />;
      case 'Finish': return (
        <dl className="vmss-summary">
          <dt>Name</dt><dd>{draft.name.trim()}</dd>
          {draft.description ? <><dt>Description</dt><dd>{draft.description}</dd></> : null}
          <dt>VMs</dt><dd>{draft.vms.length ? draft.vms.map(vmName).join(', ') : 'None (the schedule stays idle until VMs are added)'}</dd>
          {moving.length ? <><dt>Moving</dt><dd>{moving.map((v) => `'${v.name}' leaves '${v.scheduleName}'`).join('; ')}</dd></> : null}
          <dt>Snapshot type</dt><dd>{typeWords(draft.type)}</dd>
          <dt>Schedule</dt><dd>{frequencyWords(draft.choice.frequency, toMap(draft.choice))}</dd>
          <dt>Snapshots kept</dt><dd>{draft.retained} per VM</dd>
        </dl>
      );
    }
  })();
  const [heading, intro] = HEADINGS[here];
  const title = editing ? `Properties of '${editing.name}'` : 'New Snapshot Schedule';
  return (
    <WizardFrame title={title} className="vmss-wizard" formClassName="vmss-form" pages={PAGES} page={page} problems={problems}
      onPage={setPage} onFinish={() => void finish()} onCancel={back} heading={heading} intro={intro}
      notice={finishError && here === 'Finish' ? <p className="dialog-error" role="alert">{finishError}</p> : null}
      finishing={finishing} busy={finishing} status={finishing ? <span role="status">{status}</span> : undefined}>
      {content}
    </WizardFrame>
  );
}

const toMap = (c: ScheduleChoice) => ({ min: String(c.min), hour: String(c.hour), days: c.days.join(',') });

function VmsPage({ vms, chosen, self, moving, onChange }: { vms: PoolVm[]; chosen: ReadonlySet<string>; self?: string; moving: PoolVm[]; onChange(list: string[]): void }) {
  const [filter, setFilter] = useState('');
  const shown = vms.filter((v) => v.name.toLowerCase().includes(filter.trim().toLowerCase()));
  const set = (ref: string, on: boolean) => onChange(vms.filter((v) => (v.ref === ref ? on : chosen.has(v.ref))).map((v) => v.ref));
  return (
    <div className="vmss-vms">
      <input type="search" aria-label="Search VMs" placeholder="Search VMs" value={filter} onChange={(e) => setFilter(e.target.value)} />
      <div className="vmss-vm-list">
        <table className="grid" aria-label="VMs of the pool">
          <thead><tr><th aria-label="In this schedule" /><th>VM</th><th>Current snapshot schedule</th></tr></thead>
          <tbody>
            {shown.map((v) => (
              <tr key={v.ref}>
                <td><input type="checkbox" aria-label={v.name} checked={chosen.has(v.ref)} onChange={(e) => set(v.ref, e.target.checked)} /></td>
                <td>{v.name}</td>
                <td>{v.schedule && v.schedule !== self ? v.scheduleName : v.schedule === self && self ? 'This schedule' : ''}</td>
              </tr>
            ))}
            {shown.length === 0 ? <tr><td colSpan={3} className="wizard-muted">No VM matches.</td></tr> : null}
          </tbody>
        </table>
      </div>
      <p className="wizard-muted">{chosen.size} VM{chosen.size === 1 ? '' : 's'} chosen.</p>
      {moving.length ? (
        <p className="wizard-warning" role="note">
          {moving.length === 1
            ? `The VM '${moving[0].name}' is already assigned to the snapshot schedule '${moving[0].scheduleName}'. It will be moved to this schedule.`
            : `Some of the VMs you selected are already assigned to a different snapshot schedule (${moving.map((v) => v.name).join(', ')}). They will be moved to this schedule.`}
        </p>
      ) : null}
    </div>
  );
}

function FrequencyPage({ connectionId, choice, retained, onChoice, onRetained }: { connectionId: string; choice: ScheduleChoice; retained: number; onChoice(c: ScheduleChoice): void; onRetained(n: number): void }) {
  const set = (p: Partial<ScheduleChoice>) => onChoice({ ...choice, ...p });
  // The hour is the server's (xapi's plugin reads it on its own clock): its zone stated, and the next run in both
  // clocks, as XenCenter's "next scheduled local run time" and "corresponding server local time".
  const server = useServerClock(connectionId);
  const clientNow = Date.now();
  const zone = zoneText(server.clock?.offsetMs ?? 0);
  const next = nextRun(choice, server.clock ? serverWallNow(server.clock, clientNow) : clientNow);
  const hourSelect = (
    <select aria-label="Hour of the day" value={choice.hour} onChange={(e) => set({ hour: Number(e.target.value) })}>
      {Array.from({ length: 24 }, (_, h) => <option key={h} value={h}>{String(h).padStart(2, '0')}</option>)}
    </select>
  );
  const minSelect = (label: string) => (
    <select aria-label={label} value={choice.min} onChange={(e) => set({ min: Number(e.target.value) })}>
      {QUARTERS.map((m) => <option key={m} value={m}>{String(m).padStart(2, '0')}</option>)}
    </select>
  );
  const radio = (f: Frequency, label: string) => (
    <label className="wizard-radio"><input type="radio" name="vmss-frequency" value={f} checked={choice.frequency === f} onChange={() => set({ frequency: f })} />{label}</label>
  );
  const toggleDay = (d: Day, on: boolean) => set({ days: sortDays(on ? [...choice.days, d] : choice.days.filter((x) => x !== d)) });
  return (
    <div className="vmss-frequency">
      <fieldset className="wizard-box">
        <legend>Frequency</legend>
        <div className="vmss-freq-row">{radio('hourly', 'Hourly')}{choice.frequency === 'hourly' ? <span className="vmss-at">at {minSelect('Minutes past the hour')} minutes past each hour</span> : null}</div>
        <div className="vmss-freq-row">{radio('daily', 'Daily')}{choice.frequency === 'daily' ? <span className="vmss-at">at {hourSelect} : {minSelect('Minute')} server time ({zone})</span> : null}</div>
        <div className="vmss-freq-row">{radio('weekly', 'Weekly')}{choice.frequency === 'weekly' ? <span className="vmss-at">at {hourSelect} : {minSelect('Minute')} server time ({zone})</span> : null}</div>
        {choice.frequency === 'weekly' ? (
          <div className="vmss-days" role="group" aria-label="Days of the week">
            {DAYS.map((d) => <label key={d} className="wizard-check"><input type="checkbox" checked={choice.days.includes(d)} onChange={(e) => toggleDay(d, e.target.checked)} />{d}</label>)}
          </div>
        ) : null}
        <div className="vmss-next" aria-live="polite">
          <p>{frequencyWords(choice.frequency, toMap(choice))}, on the server&apos;s clock ({zone}).</p>
          {server.asking ? <p>Reading the server&apos;s time…</p> : next !== undefined ? <>
            <p>The next scheduled local run time is {localTimeText(server.clock ? instantOf(server.clock, next) : next)}.</p>
            <p>The corresponding server local time is {serverTimeText(next)} ({zone}).</p>
          </> : null}
          {server.error ? <p className="wizard-warning" role="note">The server&apos;s time zone could not be read ({server.error}): the time is taken as UTC.</p> : null}
        </div>
      </fieldset>
      <fieldset className="wizard-box">
        <legend>Retention</legend>
        <label className="vmss-retain">Number of snapshots to keep <input type="number" min={1} max={10} value={retained} aria-invalid={!(retained >= 1 && retained <= 10)}
          onChange={(e) => onRetained(e.target.value === '' ? 0 : Number(e.target.value))} /> (1 to 10)</label>
      </fieldset>
    </div>
  );
}
