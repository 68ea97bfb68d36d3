// "'<VM name>' Properties": XenCenter's property pages of a VM or template in a side list (a vertical
// tablist: Up/Down move between pages), OK / Cancel. OK checks what was typed (the page with a problem
// is shown with it), then sends only the changes (vmProperties.apply: main runs them on one task the
// Events panel shows); the dialog waits for that task and stays open with the error if it fails.
import { useMemo, useState, type FormEvent } from 'react';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import { Dialog } from '../../ui/Dialog';
import type { SelectedObject } from '../../framework/command';
import { useBridge } from '../../framework/bridge-context';
import { toErrorInfo } from '../../bridge';
import { errorText, taskErrorInfo } from '../../xapi-model/errors';
import { changesOf, formOf, formProblems, hasChanges, isHvm, PAGE_TITLES, type PageId, type PropsForm } from './model';
import { PropertyPagesShell } from '../../ui/PropertyPages';
import { taskOutcome } from '../../framework/properties-task';
import { AdvancedPage, BootPage, CpuPage, CustomFieldsVmPage, GeneralPage, HomeServerPage, StartPage, type PageProps } from './pages';

type Rec = Record<string, unknown>;
const TITLE = 'Changing properties of';

export function pagesOf(vm: Rec): PageId[] {
  const pages: PageId[] = ['general', 'custom', 'cpu'];
  if (vm.is_a_template !== true) pages.push('home', 'start');
  pages.push('boot');
  if (isHvm(vm)) pages.push('advanced');
  return pages;
}

export function VmPropertiesDialog({ target }: { target: SelectedObject }) {
  const close = useUi((s) => s.closeDialog);
  const bridge = useBridge();
  const vm = useApp((s) => s.objects.get(target.connectionId)?.get('vm')?.get(target.ref)) ?? {};
  const [initial] = useState<PropsForm>(() => formOf(appStore.getState().objects.get(target.connectionId)?.get('vm')?.get(target.ref) ?? {}));
  const [form, setForm] = useState(initial);
  const [page, setPage] = useState<PageId>('general');
  const [showProblems, setShowProblems] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const pages = useMemo(() => pagesOf(vm), [vm]);
  const problems = formProblems(form, vm);
  const name = initial.name;

  const set = <K extends keyof PropsForm>(k: K, v: PropsForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const props: PageProps = { form, set, vm, connectionId: target.connectionId, problems: showProblems ? problems.filter((p) => p.page === page) : [] };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (problems.length > 0) {
      setShowProblems(true);
      setPage(problems[0].page);
      return;
    }
    const changes = changesOf(initial, form, vm);
    if (!hasChanges(changes)) { close(); return; }
    setBusy(true);
    setError('');
    let taskRef: string;
    try {
      ({ taskRef } = await bridge.request('vmProperties.apply', { connectionId: target.connectionId, vmRef: target.ref, changes }));
    } catch (err) {
      const info = toErrorInfo(err);
      appStore.getState().noteFailedRequest(target.connectionId, { title: TITLE, vm: name }, info);
      setError(errorText(info));
      setBusy(false);
      return;
    }
    appStore.getState().noteOwnTask(target.connectionId, taskRef, { title: TITLE, vm: name });
    const end = await taskOutcome(target.connectionId, taskRef);
    if (end.ok) { close(); return; }
    setError(errorText(taskErrorInfo(end.errorInfo)));
    setBusy(false);
  };

  const Page = { general: GeneralPage, custom: CustomFieldsVmPage, cpu: CpuPage, home: HomeServerPage, start: StartPage, boot: BootPage, advanced: AdvancedPage }[page];
  const pageHasProblem = (p: PageId) => showProblems && problems.some((x) => x.page === p);
  return (
    <Dialog title={`'${name}' Properties`} onCancel={close} className="vm-properties">
      <form onSubmit={submit} noValidate>
        <PropertyPagesShell pages={pages.map((p) => ({ id: p, title: PAGE_TITLES[p], hasProblem: pageHasProblem(p) }))} page={page} onPage={(p) => setPage(p as PageId)}>
          <Page {...props} />
        </PropertyPagesShell>
        {error ? <div role="alert" className="dialog-error">{error}</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={busy} title={busy ? 'Applying the changes…' : undefined}>{busy ? 'Applying…' : 'OK'}</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
