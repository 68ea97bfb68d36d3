// New vApp (XenCenter's NewVMApplianceWizard: Name, Virtual Machines, VM Startup Sequence, Finish) and
// vApp Properties (the same pages as tabs, OK sends only what changed). Both open over Manage vApps
// and go back to it when done.
import { useMemo, useState, type FormEvent } from 'react';
import { appStore } from '../../state';
import { useBridge } from '../../framework/bridge-context';
import { toErrorInfo } from '../../bridge';
import { errorText } from '../../xapi-model/errors';
import { Dialog } from '../../ui/Dialog';
import { WizardFrame } from '../../ui/WizardFrame';
import { PropertyPagesShell } from '../../ui/PropertyPages';
import { candidateVms, draftOf, emptyDraft, nameProblems, sequenceProblems, type VAppDraft } from './vapp-model';
import { createVApp, updateVApp } from './apply';
import { MovingNotice, NamePage, namer, SEQUENCE_INTRO, SequencePage, VmsPage } from './VAppPages';

interface EditorProps { connectionId: string; poolName: string; onDone(ref?: string): void }

const PAGES = ['Name', 'Virtual Machines', 'Startup Sequence', 'Finish'];

/** `initial`: the draft to start from (New vApp… of VM > Assign to vApp has the selected VMs chosen). */
export function NewVAppWizard({ connectionId, poolName, onDone, initial }: EditorProps & { initial?: VAppDraft }) {
  const bridge = useBridge();
  const candidates = useMemo(() => candidateVms(appStore.getState(), connectionId), [connectionId]);
  const nameOf = useMemo(() => namer(candidates), [candidates]);
  const [draft, setDraft] = useState<VAppDraft>(() => initial ?? emptyDraft());
  const [page, setPage] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const problems = [nameProblems(draft), [], sequenceProblems(draft, nameOf), []];
  const finish = async () => {
    setBusy(true);
    setError('');
    try {
      onDone(await createVApp(bridge, connectionId, { ...draft, name: draft.name.trim() }));
    } catch (err) {
      setError(`Creating the vApp failed: ${errorText(toErrorInfo(err))}`);
      setBusy(false);
    }
  };
  const intro = [
    'Enter a name for the new vApp and, optionally, a description.',
    'Select the VMs to include in the vApp. A VM can be in one vApp only: one that is in another vApp moves to this one.',
    SEQUENCE_INTRO,
    'The vApp will be created with these settings.',
  ][page];
  return (
    <WizardFrame title={`New vApp - ${poolName}`} className="vapp-wizard" formClassName="vapp-form" pages={PAGES} page={page} problems={problems}
      onPage={setPage} onFinish={() => void finish()} onCancel={() => onDone()} heading={PAGES[page]} intro={intro}
      finishing={busy} busy={busy} status={busy ? 'Creating the vApp…' : undefined}
      notice={<>{page >= 1 ? <MovingNotice draft={draft} candidates={candidates} /> : null}{error ? <div role="alert" className="dialog-error">{error}</div> : null}</>}>
      {page === 0 ? <NamePage draft={draft} onChange={setDraft} /> : null}
      {page === 1 ? <VmsPage draft={draft} onChange={setDraft} candidates={candidates} /> : null}
      {page === 2 ? <SequencePage draft={draft} onChange={setDraft} nameOf={nameOf} /> : null}
      {page === 3 ? (
        <dl className="vapp-summary">
          <dt>vApp name</dt><dd>{draft.name.trim()}</dd>
          <dt>Selected VMs</dt><dd>{draft.members.length ? draft.members.map((m) => nameOf(m.vm)).join(', ') : 'None'}</dd>
        </dl>
      ) : null}
    </WizardFrame>
  );
}

const TABS = [{ id: 'general', title: 'General' }, { id: 'vms', title: 'Virtual Machines' }, { id: 'sequence', title: 'Startup Sequence' }];

export function VAppPropertiesDialog({ connectionId, vapp, onDone }: EditorProps & { vapp: string }) {
  const bridge = useBridge();
  const candidates = useMemo(() => candidateVms(appStore.getState(), connectionId), [connectionId]);
  const nameOf = useMemo(() => namer(candidates), [candidates]);
  const [before] = useState(() => draftOf(appStore.getState(), connectionId, vapp));
  const [draft, setDraft] = useState(before);
  const [tab, setTab] = useState('general');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const problems = [...nameProblems(draft), ...sequenceProblems(draft, nameOf)];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (problems.length) return;
    // Nothing changed: nothing to send (XenCenter's Properties dialog closes without an action).
    if (JSON.stringify({ ...draft, name: draft.name.trim() }) === JSON.stringify(before)) { onDone(vapp); return; }
    setBusy(true);
    setError('');
    try {
      await updateVApp(bridge, connectionId, vapp, draft);
      onDone(vapp);
    } catch (err) {
      setError(`Saving the vApp failed: ${errorText(toErrorInfo(err))}`);
      setBusy(false);
    }
  };
  return (
    <Dialog title={`'${before.name}' Properties`} onCancel={() => onDone(vapp)} className="vapp-properties">
      <form onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
        <PropertyPagesShell pages={TABS.map((t) => ({ ...t, hasProblem: t.id === 'general' ? nameProblems(draft).length > 0 : t.id === 'sequence' ? sequenceProblems(draft, nameOf).length > 0 : false }))} page={tab} onPage={setTab}>
          {tab === 'general' ? <NamePage draft={draft} onChange={setDraft} /> : null}
          {tab === 'vms' ? <VmsPage draft={draft} onChange={setDraft} candidates={candidates} self={vapp} /> : null}
          {tab === 'sequence' ? <><p className="wizard-intro">{SEQUENCE_INTRO}</p><SequencePage draft={draft} onChange={setDraft} nameOf={nameOf} /></> : null}
          <MovingNotice draft={draft} candidates={candidates} self={vapp} />
        </PropertyPagesShell>
        {problems.length ? <ul className="wizard-problems" role="status">{problems.map((p) => <li key={p}>{p}</li>)}</ul> : null}
        {error ? <div role="alert" className="dialog-error">{error}</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={busy || problems.length > 0} title={problems[0]}>OK</button>
          <button type="button" onClick={() => onDone(vapp)}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
