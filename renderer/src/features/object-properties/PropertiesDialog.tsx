// "'<name>' Properties" of a server, pool, SR or network: XenCenter's pages in a side list (General,
// Custom Fields, then the class's own: a pool's default storage, a network's MTU and automatic adding,
// a server's log destination and multipathing), OK / Cancel. OK checks what was typed (the page with a
// problem is shown with it), then sends only the changes (objectProperties.apply: main runs them on one
// task the Events panel shows); the dialog waits for that task and stays open with the error if it fails.
import { useId, useMemo, useState, type FormEvent } from 'react';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import { Dialog } from '../../ui/Dialog';
import type { SelectedObject } from '../../framework/command';
import { useBridge } from '../../framework/bridge-context';
import { editCustomFields, taskOutcome } from '../../framework/properties-task';
import { toErrorInfo } from '../../bridge';
import { errorText, taskErrorInfo } from '../../xapi-model/errors';
import { CustomFieldsPage, GeneralFields, knownFolders, PropertyPagesShell, PropertyRow } from '../../ui/PropertyPages';
import { definitionsOfPool, type CustomFieldDefinition } from '../../../../shared/object-properties/custom-fields';
import { MTU_MAX, MTU_MIN } from '../../../../shared/object-properties/plan';
import {
  changesOf, defaultSrCandidates, formOf, formProblems, hasChanges, isStoreClass, PAGE_TITLES, pagesOf, XAPI_CLASS,
  type FormProblem, type ObjForm, type PageId, type StoreClass,
} from './model';

type Rec = Record<string, unknown>;
const TITLE = 'Changing properties of';

interface PageProps {
  cls: StoreClass;
  form: ObjForm;
  set<K extends keyof ObjForm>(k: K, v: ObjForm[K]): void;
  rec: Rec;
  connectionId: string;
  problems: FormProblem[];
}

function Problem({ problems, field }: { problems: FormProblem[]; field: keyof ObjForm }) {
  const p = problems.find((x) => x.field === field);
  return p ? <div className="vmp-field-error" role="alert">{p.message}</div> : null;
}

function GeneralPage({ form, set, connectionId, problems }: PageProps) {
  const objects = useApp((s) => s.objects.get(connectionId));
  const folders = useMemo(() => knownFolders(objects), [objects]);
  return <GeneralFields values={form} set={set} folders={folders} nameProblem={problems.find((p) => p.field === 'name')?.message} />;
}

function CustomPage({ form, set, connectionId }: PageProps) {
  const bridge = useBridge();
  const pool = useApp((s) => [...(s.objects.get(connectionId)?.get('pool')?.values() ?? [])][0]);
  const definitions = useMemo(() => definitionsOfPool(pool), [pool]);
  const edit = (args: { add?: CustomFieldDefinition; remove?: string }) => editCustomFields(bridge, connectionId, args);
  return (
    <CustomFieldsPage definitions={definitions} values={form.customFields}
      onValue={(name, value) => set('customFields', { ...form.customFields, [name]: value })}
      onAdd={(add) => edit({ add })} onRemove={(remove) => edit({ remove })} />
  );
}

function StoragePage({ form, set, connectionId }: PageProps) {
  const id = useId();
  const srs = useApp((s) => s.objects.get(connectionId)?.get('sr'));
  const list = useMemo(() => defaultSrCandidates(srs), [srs]);
  const known = list.some((x) => x.ref === form.defaultSR);
  return (
    <>
      <p className="vmp-note">New VMs' disks, suspend images and crash dumps go to the pool's default storage repository unless another is chosen.</p>
      <PropertyRow label="Default SR" id={id}>
        <select id={id} value={known ? form.defaultSR : ''} onChange={(e) => set('defaultSR', e.target.value)}>
          {known ? null : <option value="" disabled>(none)</option>}
          {list.map((x) => <option key={x.ref} value={x.ref}>{x.name}</option>)}
        </select>
      </PropertyRow>
    </>
  );
}

function NetworkPage({ form, set, problems }: PageProps) {
  const id = useId();
  return (
    <>
      <PropertyRow label="MTU" id={`${id}-mtu`}>
        <input id={`${id}-mtu`} type="number" min={MTU_MIN} max={MTU_MAX} className="vmp-num" value={form.mtu}
          onChange={(e) => set('mtu', e.target.value)} aria-invalid={problems.some((p) => p.field === 'mtu')} />
        <Problem problems={problems} field="mtu" />
        <div className="vmp-hint">From {MTU_MIN} to {MTU_MAX} bytes; VMs and servers pick up a new MTU when their interfaces are next plugged.</div>
      </PropertyRow>
      <label className="vmp-check">
        <input type="checkbox" checked={form.automatic} onChange={(e) => set('automatic', e.target.checked)} /> Automatically add this network to new virtual machines
      </label>
    </>
  );
}

function LoggingPage({ form, set, problems }: PageProps) {
  const name = useId();
  const id = useId();
  return (
    <>
      <fieldset className="vmp-radios">
        <legend>Where the server's system log goes.</legend>
        <label><input type="radio" name={name} checked={!form.remoteLog} onChange={() => set('remoteLog', false)} /> Local (on the server only)</label>
        <label><input type="radio" name={name} checked={form.remoteLog} onChange={() => set('remoteLog', true)} /> Also to a remote syslog server</label>
      </fieldset>
      <PropertyRow label="Server" id={id}>
        <input id={id} value={form.syslogServer} disabled={!form.remoteLog} placeholder="host name or IP address"
          onChange={(e) => set('syslogServer', e.target.value)} aria-invalid={problems.some((p) => p.field === 'syslogServer')} />
        <Problem problems={problems} field="syslogServer" />
      </PropertyRow>
    </>
  );
}

function MultipathingPage({ form, set, rec }: PageProps) {
  const maintenance = rec.enabled === false;
  return (
    <>
      <p className="vmp-note">{maintenance
        ? 'Multipathing uses every path to the server\'s storage; it takes effect as the storage is next plugged.'
        : 'Multipathing can only be changed while the server is in maintenance mode: enter maintenance mode first (Server menu).'}</p>
      <label className="vmp-check" title={maintenance ? undefined : 'Enter maintenance mode to change multipathing'}>
        <input type="checkbox" checked={form.multipathing} disabled={!maintenance} onChange={(e) => set('multipathing', e.target.checked)} /> Enable multipathing on this server
      </label>
    </>
  );
}

const PAGES: Record<PageId, (p: PageProps) => React.ReactNode> = {
  general: GeneralPage, custom: CustomPage, storage: StoragePage, networkSettings: NetworkPage, logging: LoggingPage, multipathing: MultipathingPage,
};

export function ObjectPropertiesDialog({ target }: { target: SelectedObject }) {
  const close = useUi((s) => s.closeDialog);
  const bridge = useBridge();
  const cls = (isStoreClass(target.cls) ? target.cls : 'sr');
  const rec = useApp((s) => s.objects.get(target.connectionId)?.get(cls)?.get(target.ref)) ?? {};
  const [initial] = useState<ObjForm>(() => formOf(appStore.getState().objects.get(target.connectionId)?.get(cls)?.get(target.ref) ?? {}));
  const [form, setForm] = useState(initial);
  const [page, setPage] = useState<PageId>('general');
  const [showProblems, setShowProblems] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const pages = pagesOf(cls);
  const problems = formProblems(cls, form);
  const name = initial.name;

  const set = <K extends keyof ObjForm>(k: K, v: ObjForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const props: PageProps = { cls, form, set, rec, connectionId: target.connectionId, problems: showProblems ? problems.filter((p) => p.page === page) : [] };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (problems.length > 0) {
      setShowProblems(true);
      setPage(problems[0].page);
      return;
    }
    const changes = changesOf(cls, initial, form);
    if (!hasChanges(changes)) { close(); return; }
    setBusy(true);
    setError('');
    const ctx = { title: TITLE, vm: name };
    let taskRef: string;
    try {
      ({ taskRef } = await bridge.request('objectProperties.apply', { connectionId: target.connectionId, cls: XAPI_CLASS[cls], ref: target.ref, changes }));
    } catch (err) {
      const info = toErrorInfo(err);
      appStore.getState().noteFailedRequest(target.connectionId, ctx, info);
      setError(errorText(info));
      setBusy(false);
      return;
    }
    appStore.getState().noteOwnTask(target.connectionId, taskRef, ctx);
    const end = await taskOutcome(target.connectionId, taskRef);
    if (end.ok) { close(); return; }
    setError(errorText(taskErrorInfo(end.errorInfo)));
    setBusy(false);
  };

  const Page = PAGES[page];
  const pageHasProblem = (p: PageId) => showProblems && problems.some((x) => x.page === p);
  return (
    <Dialog title={`'${name}' Properties`} onCancel={close} className="object-properties">
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
