// "'<name>' Properties" of a server, pool, SR or network: XenCenter's pages in a side list (General,
// Custom Fields, then the class's own: a pool's default storage, a network's MTU and automatic adding,
// a server's log destination and multipathing), OK / Cancel. OK checks what was typed (the page with a
// problem is shown with it), then sends only the changes (objectProperties.apply: main runs them on one
// task the Events panel shows); the dialog waits for that task and stays open with the error if it fails.
import { useId, useMemo } from 'react';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import type { SelectedObject } from '../../framework/command';
import { useBridge } from '../../framework/bridge-context';
import { editCustomFields, propertiesTask } from '../../framework/properties-task';
import { FieldProblem, GeneralPage as GeneralPageView, PoolCustomFieldsPage, PropertiesDialogFrame, PropertyRow, usePropertiesForm } from '../../ui/PropertyPages';
import { MTU_MAX, MTU_MIN } from '../../../../shared/object-properties/plan';
import { AlertsPage } from '../../ui/AlertsPage';
import { MAIL_LANGUAGES } from '../../../../shared/perfmon/email';
import { alertsProblems } from '../../ui/alerts-form';
import {
  alertClass, changesOf, controlDomainOf, defaultSrCandidates, hostMemoryMiB, formOf, formProblems, hasChanges, isStoreClass, PAGE_TITLES, pagesOf, XAPI_CLASS,
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
  /** A host's memory in MiB (the free-memory alert's maximum). */
  memoryMiB?: number;
}

function GeneralPage({ form, set, connectionId, problems }: PageProps) {
  const objects = useApp((s) => s.objects.get(connectionId));
  return <GeneralPageView objects={objects} values={form} set={set} nameProblem={problems.find((p) => p.field === 'name')?.message} />;
}

function CustomPage({ form, set, connectionId }: PageProps) {
  const bridge = useBridge();
  const pool = useApp((s) => [...(s.objects.get(connectionId)?.get('pool')?.values() ?? [])][0]);
  return <PoolCustomFieldsPage pool={pool} values={form.customFields} onValues={(v) => set('customFields', v)} edit={(args) => editCustomFields(bridge, connectionId, args)} />;
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
        <FieldProblem problems={problems} field="mtu" />
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
        <FieldProblem problems={problems} field="syslogServer" />
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

/** XenCenter's Alerts page: a host's CPU, network and free memory alerts, an SR's throughput alert (other_config:perfmon). */
function AlertsObjectPage({ cls, form, set, problems, memoryMiB }: PageProps) {
  const ac = alertClass(cls) ?? 'SR';
  return <AlertsPage cls={ac} form={form.alerts} onForm={(a) => set('alerts', a)} memoryMiB={memoryMiB} problems={problems.length ? alertsProblems(ac, form.alerts, memoryMiB) : []} />;
}

/** XenCenter's Email Notifications page of a pool (PerfmonAlertOptionsPage): where the pool mails its alerts. */
function EmailPage({ form, set, problems }: PageProps) {
  const id = useId();
  const e = form.email;
  const put = (patch: Partial<ObjForm['email']>) => set('email', { ...e, ...patch });
  const invalid = (f: string) => problems.some((p) => p.field === `email.${f}`);
  return (
    <>
      <p className="vmp-note">To be notified by email when alerts are generated for this pool's resources, enter the address the notifications are sent to and the SMTP server that sends them.</p>
      <label className="vmp-check">
        <input type="checkbox" checked={e.on} onChange={(ev) => put({ on: ev.target.checked })} /> Send email alert notifications
      </label>
      <PropertyRow label="Email address" id={`${id}-a`}>
        <input id={`${id}-a`} type="email" value={e.address} disabled={!e.on} placeholder="admin@example.com" aria-invalid={invalid('address')} onChange={(ev) => put({ address: ev.target.value })} />
        <FieldProblem problems={problems} field="email.address" />
      </PropertyRow>
      <PropertyRow label="SMTP server" id={`${id}-s`}>
        <input id={`${id}-s`} value={e.server} disabled={!e.on} placeholder="host name or IP address" aria-invalid={invalid('server')} onChange={(ev) => put({ server: ev.target.value })} />
        <FieldProblem problems={problems} field="email.server" />
      </PropertyRow>
      <PropertyRow label="Port" id={`${id}-p`}>
        <input id={`${id}-p`} type="number" min={1} max={65535} className="vmp-num" value={e.port} disabled={!e.on} aria-invalid={invalid('port')} onChange={(ev) => put({ port: ev.target.value })} />
        <FieldProblem problems={problems} field="email.port" />
      </PropertyRow>
      <PropertyRow label="Mail language" id={`${id}-l`}>
        <select id={`${id}-l`} value={e.language} disabled={!e.on} onChange={(ev) => put({ language: ev.target.value })}>
          {MAIL_LANGUAGES.map((l) => <option key={l.code} value={l.code}>{l.name}</option>)}
        </select>
      </PropertyRow>
    </>
  );
}

const PAGES: Record<PageId, (p: PageProps) => React.ReactNode> = {
  general: GeneralPage, custom: CustomPage, alerts: AlertsObjectPage, email: EmailPage, storage: StoragePage, networkSettings: NetworkPage, logging: LoggingPage, multipathing: MultipathingPage,
};

export function ObjectPropertiesDialog({ target }: { target: SelectedObject }) {
  const close = useUi((s) => s.closeDialog);
  const bridge = useBridge();
  const cls = (isStoreClass(target.cls) ? target.cls : 'sr');
  const rec = useApp((s) => s.objects.get(target.connectionId)?.get(cls)?.get(target.ref)) ?? {};
  const memoryMiB = useApp((s) => hostMemoryMiB(s.objects.get(target.connectionId), cls === 'host' ? rec : undefined));
  const f = usePropertiesForm(() => {
    const objects = appStore.getState().objects.get(target.connectionId);
    const now = objects?.get(cls)?.get(target.ref) ?? {};
    return formOf(now, cls, cls === 'host' ? controlDomainOf(objects, target.ref, now) : undefined);
  }, (form: ObjForm) => formProblems(cls, form, memoryMiB), 'general' as PageId);
  const pages = pagesOf(cls);
  const name = f.initial.name;
  const props: PageProps = { cls, form: f.form, set: f.set, rec, connectionId: target.connectionId, problems: f.pageProblems, memoryMiB };

  const onOk = () => {
    if (!f.check()) return undefined;
    const changes = changesOf(cls, f.initial, f.form);
    if (!hasChanges(changes)) { close(); return undefined; }
    return () => bridge.request('objectProperties.apply', { connectionId: target.connectionId, cls: XAPI_CLASS[cls], ref: target.ref, changes });
  };

  const Page = PAGES[f.page];
  return (
    <PropertiesDialogFrame name={name} className="object-properties" onCancel={close} onDone={close} onOk={onOk}
      pages={f.tabs(pages, PAGE_TITLES)} page={f.page} onPage={(p) => f.setPage(p as PageId)}
      {...propertiesTask(target.connectionId, { title: TITLE, vm: name, ref: target.ref })}>
      <Page {...props} />
    </PropertiesDialogFrame>
  );
}
