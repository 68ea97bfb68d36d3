// The New VM wizard (XenCenter's): eight pages in ui/WizardFrame (the side list, Back / Next / Finish /
// Cancel, a page's problems keeping Next closed, the keyboard).
// Finish closes the wizard and sends one vm.create request: main runs every step on one task.
import { useCallback, useMemo, useState } from 'react';
import { appStore, useApp } from '../../state';
import { getRecord } from '../../state/store';
import { useUi } from '../../state/ui';
import { revealTaskResult } from '../../state/reveal-result';
import type { SelectedObject } from '../../framework/command';
import { WizardFrame } from '../../ui/WizardFrame';
import { useRunChoice } from '../../framework/use-run-choice';
import { str } from '../../xapi-model/format';
import { isTemplate } from '../../xapi-model/predicates';
import { templateLimits } from '../../../../shared/new-vm/cpu-memory';
import { hostItems, isoItems, networkItems, srItems, srLabel, templateItems, type SrItem } from './catalog';
import { DEFAULT_MAX_VIFS, PAGES, cpuMemoryPageProblems, draftFromTemplate, emptyDraft, pageProblems, toSpec, type Draft } from './draft';
import { NEW_VM_COMMAND, createVm } from './command';
import { NEW_VM_FROM_SNAPSHOT_COMMAND, newVmFromSnapshotProblem } from './from-snapshot';
import { TemplatePage } from './TemplatePage';
import { HomePage, MediaPage, NamePage } from './BasicPages';
import { CpuMemoryPage, NetworkPage, StoragePage } from './ResourcePages';
import { FinishPage } from './FinishPage';
import './new-vm.css';

const HEADINGS: Record<(typeof PAGES)[number], [string, string]> = {
  'Template': ['Choose a template', 'The new VM is made from a template: its operating system type, virtual hardware and disks.'],
  'Name': ['Name the new VM', 'The name and description identify the VM in the pool.'],
  'Installation Media': ['Locate the operating system installation media', 'The ISO image is inserted into the VM\'s CD drive.'],
  'Home Server': ['Choose a home server', 'A home server is where the VM starts when it can. Without one, any server with access to its storage and networks is used.'],
  'CPU & Memory': ['Allocate processor and memory resources', 'Within the limits of the template and the pool\'s servers.'],
  'Storage': ['Configure storage for the new VM', 'Choose where each virtual disk is stored, and its size.'],
  'Networking': ['Configure networking for the new VM', 'Each interface is connected to a network of the pool.'],
  'Finish': ['Ready to create the new VM', 'Check the choices below, then choose Finish.'],
};

export function NewVmWizard({ target }: { target: SelectedObject }) {
  const { connectionId } = target;
  const { close, run } = useRunChoice();
  const version = useApp((s) => s.version);
  const store = useMemo(() => { void version; return appStore.getState(); }, [version]);
  const ctx = useMemo(() => ({ store, connectionId }), [store, connectionId]);
  // Opened from a server: that server is offered as the home server (XenCenter does the same). Opened
  // from a snapshot (New VM from Snapshot…): the snapshot is the template, chosen already.
  // (New VM… with a snapshot selected does the same, as XenCenter's NewVMCommand; not one with memory.)
  const fromSnapshot = target.cls === 'vm' && newVmFromSnapshotProblem(getRecord(store, connectionId, 'vm', target.ref)) === undefined ? target.ref : undefined;
  // Opened from a template (its New VM…, or VM > New VM… with it selected): that template, chosen already.
  const fromTemplate = target.cls === 'vm' && isTemplate(getRecord(store, connectionId, 'vm', target.ref)) ? target.ref : undefined;
  const [draft, setDraft] = useState<Draft>(() => (fromSnapshot ?? fromTemplate
    ? draftFromTemplate(store, connectionId, (fromSnapshot ?? fromTemplate)!, emptyDraft(null))
    : emptyDraft(target.cls === 'host' ? target.ref : null)));
  const [page, setPage] = useState(0);

  const catalog = useMemo(() => ({
    isos: isoItems(store, connectionId), hosts: hostItems(store, connectionId), srs: srItems(store, connectionId), networks: networkItems(store, connectionId),
  }), [store, connectionId]);
  const srName = useCallback((s: SrItem) => srLabel(store, connectionId, s), [store, connectionId]);
  const templates = useCallback((filter: string) => templateItems(store, connectionId, filter, fromSnapshot), [store, connectionId, fromSnapshot]);
  const tpl = draft.templateRef ? getRecord(store, connectionId, 'vm', draft.templateRef) : undefined;

  const problems = PAGES.map((p) => pageProblems(p, ctx, draft));
  const here = PAGES[page];

  const change = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const chooseTemplate = (ref: string) => setDraft((d) => (d.templateRef === ref ? d : draftFromTemplate(store, connectionId, ref, d)));
  // Finish: WizardFrame calls it once no page has problems.
  const finish = () => {
    const spec = toSpec(connectionId, draft);
    // The new VM becomes the selection when its task succeeds (unless the user has moved on).
    const from = useUi.getState().selectedNodeId;
    run(fromSnapshot ? NEW_VM_FROM_SNAPSHOT_COMMAND : NEW_VM_COMMAND, target, async (sel, b) => {
      const out = await createVm(b, sel[0], spec);
      if (out.taskRef) revealTaskResult(appStore, sel[0].connectionId, out.taskRef, 'vm', from);
      return [out];
    });
  };

  const content = (() => {
    switch (here) {
      case 'Template': return <TemplatePage items={templates} chosen={draft.templateRef} onChoose={chooseTemplate} />;
      case 'Name': return <NamePage draft={draft} onChange={change} />;
      case 'Installation Media': return <MediaPage draft={draft} isos={catalog.isos} hvm={str(tpl?.HVM_boot_policy) !== ''} onChange={change} />;
      case 'Home Server': return <HomePage draft={draft} hosts={catalog.hosts} onChange={change} />;
      case 'CPU & Memory': return <CpuMemoryPage draft={draft} problems={cpuMemoryPageProblems(ctx, draft)} onChange={change} />;
      case 'Storage': return <StoragePage draft={draft} srs={catalog.srs} srName={srName} onChange={change} />;
      case 'Networking': return <NetworkPage draft={draft} networks={catalog.networks} maxVifs={templateLimits(str(tpl?.recommendations)).vifsMax ?? DEFAULT_MAX_VIFS} onChange={change} />;
      case 'Finish': return <FinishPage draft={draft} names={{ template: str(tpl?.name_label), ...catalog, srName }} onChange={change} />;
    }
  })();
  const [title, intro] = HEADINGS[here];
  // CPU & Memory shows its problems at the fields.
  const listed = here === 'CPU & Memory' ? [] : problems[page];

  return (
    <WizardFrame title="New VM" className="new-vm-wizard" formClassName="nvw" pages={PAGES} page={page} problems={problems}
      onPage={setPage} onFinish={finish} onCancel={close} heading={title} intro={intro} listed={listed}>
      {content}
    </WizardFrame>
  );
}
