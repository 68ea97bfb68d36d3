// "'<VM name>' Properties": XenCenter's property pages of a VM or template in a side list (a vertical
// tablist: Up/Down move between pages), OK / Cancel. OK checks what was typed (the page with a problem
// is shown with it), then sends only the changes (vmProperties.apply: main runs them on one task the
// Events panel shows); the dialog waits for that task and stays open with the error if it fails.
import { useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import { Dialog } from '../../ui/Dialog';
import type { SelectedObject } from '../../framework/command';
import { useBridge } from '../../framework/bridge-context';
import { toErrorInfo } from '../../bridge';
import { errorText, taskErrorInfo } from '../../xapi-model/errors';
import { taskKey, type AppState } from '../../state/store';
import { changesOf, formOf, formProblems, hasChanges, isHvm, PAGE_TITLES, type PageId, type PropsForm } from './model';
import { AdvancedPage, BootPage, CpuPage, GeneralPage, HomeServerPage, StartPage, type PageProps } from './pages';
import './vm-properties.css';

type Rec = Record<string, unknown>;
const TITLE = 'Changing properties of';

/** The task's end (its status and error), once the store has it. */
function taskOutcome(connectionId: string, taskRef: string): Promise<{ ok: boolean; errorInfo: string[] }> {
  const key = taskKey(connectionId, taskRef);
  const ended = (s: AppState) => {
    const t = s.tasks.get(key);
    return t && t.status !== 'pending' && t.status !== 'cancelling' ? { ok: t.status === 'success', errorInfo: t.errorInfo } : undefined;
  };
  return new Promise((resolve) => {
    const now = ended(appStore.getState());
    if (now) { resolve(now); return; }
    const stop = appStore.subscribe((s) => { const e = ended(s); if (e) { stop(); resolve(e); } });
  });
}

export function pagesOf(vm: Rec): PageId[] {
  const pages: PageId[] = ['general', 'cpu'];
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
  const tabsRef = useRef<HTMLDivElement>(null);
  const baseId = useId();
  const name = initial.name;

  const set = <K extends keyof PropsForm>(k: K, v: PropsForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const props: PageProps = { form, set, vm, connectionId: target.connectionId, problems: showProblems ? problems.filter((p) => p.page === page) : [] };

  const onTabKey = (e: KeyboardEvent) => {
    const i = pages.indexOf(page);
    const j = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? pages.length - 1 : -2;
    if (j === -2) return;
    e.preventDefault();
    const next = pages[Math.max(0, Math.min(pages.length - 1, j))];
    setPage(next);
    tabsRef.current?.querySelector<HTMLElement>(`[data-page="${next}"]`)?.focus();
  };

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

  const Page = { general: GeneralPage, cpu: CpuPage, home: HomeServerPage, start: StartPage, boot: BootPage, advanced: AdvancedPage }[page];
  const pageHasProblem = (p: PageId) => showProblems && problems.some((x) => x.page === p);
  return (
    <Dialog title={`'${name}' Properties`} onCancel={close} className="vm-properties">
      <form onSubmit={submit} noValidate>
        <div className="vmp-body">
          <div className="vmp-pages" role="tablist" aria-orientation="vertical" aria-label="Pages" ref={tabsRef} onKeyDown={onTabKey}>
            {pages.map((p) => (
              <button key={p} type="button" role="tab" data-page={p} id={`${baseId}-tab-${p}`} aria-controls={`${baseId}-panel`}
                aria-selected={p === page} tabIndex={p === page ? 0 : -1} className={pageHasProblem(p) ? 'has-problem' : undefined}
                onClick={() => setPage(p)}>
                {PAGE_TITLES[p]}{pageHasProblem(p) ? <span className="vmp-problem-mark" aria-label="(has a problem)"> ⚠</span> : null}
              </button>
            ))}
          </div>
          <div className="vmp-page" role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${page}`}>
            <h3>{PAGE_TITLES[page]}</h3>
            <Page {...props} />
          </div>
        </div>
        {error ? <div role="alert" className="dialog-error">{error}</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={busy} title={busy ? 'Applying the changes…' : undefined}>{busy ? 'Applying…' : 'OK'}</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
