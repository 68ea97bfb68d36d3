// The New Storage Repository wizard (XenCenter's NewSRWizard): Type, Name, Location, Finish in
// ui/WizardFrame (the side list, Back / Next / Finish / Cancel, the keyboard). Opened for an SR by
// Reattach… ("Attach Storage Repository"): its type and name are given, the location must lead to it.
// Scans are SR.probe calls through main; Finish sends one srWizard.finish request and, as XenCenter, the
// wizard stays open until its task ends: a failure shows there with the backend's words and code, a
// success selects the SR.
import { useEffect, useMemo, useRef, useState } from 'react';
import { appStore, useApp } from '../../state';
import { taskKey } from '../../state/store';
import { useUi } from '../../state/ui';
import type { SelectedObject } from '../../framework/command';
import { useBridge } from '../../framework/bridge-context';
import { runCommand } from '../../framework/run-command';
import { WizardFrame } from '../../ui/WizardFrame';
import { record, entries } from '../../xapi-model/records';
import { str } from '../../xapi-model/format';
import { connectionDisplayName } from '../../xapi-model/names';
import { errorText, taskErrorInfo } from '../../xapi-model/errors';
import { toErrorInfo } from '../../bridge/types';
import {
  KINDS, LOCATION_RESET, PAGES, defaultSrName, deviceConfig, emptyDraft, firstSharedSr, formatsLun, iscsiTargetProblems,
  kindInfo, kindsForSrType, nfsPathProblem, pageProblems, probeConfig, smbPathProblem, srByUuid, srNames, toFinish, type Draft, type SrKind, type WizardContext,
} from './model';
import { parseDevlist, parseIqns, parseLuns, parseSrList, parseSupportedVersions, type BlockDevice, type IqnInfo, type LunInfo } from './probe-xml';
import { probe, scanErrorText } from './scan';
import { EMPTY_SCAN, HbaLocation, IscsiLocation, NfsLocation, SmbLocation, type ScanState } from './LocationPages';
import { NEW_SR_COMMAND, REATTACH_SR_COMMAND, finishSr } from './command';
import './new-sr.css';

const HEADINGS: Record<(typeof PAGES)[number], [string, string]> = {
  Type: ['Choose the type of new storage', 'Virtual disk storage holds the disks of VMs; an ISO library holds installation images.'],
  Name: ['What do you want to call this Storage Repository?', 'Provide a name and a description (optional) for your SR.'],
  Location: ['Enter a path for your storage', ''],
  Finish: ['Ready to add the storage', 'Check the choices below, then choose Finish.'],
};
const LOCATION_INTRO: Record<SrKind, string> = {
  nfs: 'Provide the name of the share where your SR is located, optionally specifying advanced options. Scan it to reattach an existing SR.',
  smb: 'Provide the name of the share where your SR is located. Scan it to reattach an existing SR.',
  iscsi: 'Provide a target host for your iSCSI storage, then scan it for the target IQN and choose the target LUN.',
  hba: 'The LUNs the servers\' host bus adapters can see.',
  nfsIso: 'Provide the name of the share where your NFS ISO storage is located.',
  smbIso: 'Provide the name of the share where your ISO library is located, with a user name and password if the share needs them.',
};

export function NewSrWizard({ target }: { target: SelectedObject }) {
  return <SrWizard target={target} reattachRef={undefined} />;
}
export function ReattachSrWizard({ target }: { target: SelectedObject }) {
  return <SrWizard target={target} reattachRef={target.cls === 'sr' ? target.ref : undefined} />;
}

function SrWizard({ target, reattachRef }: { target: SelectedObject; reattachRef: string | undefined }) {
  const { connectionId } = target;
  const bridge = useBridge();
  const close = useUi.getState().closeDialog;
  const pushAlert = useUi((s) => s.pushAlert);
  const version = useApp((s) => s.version);
  const store = useMemo(() => { void version; return appStore.getState(); }, [version]);

  const reattachSr = reattachRef ? record(store, connectionId, 'sr', reattachRef) : undefined;
  const reattach = useMemo(() => (reattachRef && reattachSr
    ? { ref: reattachRef, uuid: str(reattachSr.uuid), name: str(reattachSr.name_label), kinds: kindsForSrType(str(reattachSr.type)) }
    : undefined), [reattachRef, reattachSr]);
  const poolName = useMemo(() => {
    const pool = entries(store, connectionId, 'pool')[0]?.[1];
    const named = str(pool?.name_label);
    if (named) return named;
    const master = pool ? record(store, connectionId, 'host', pool.master) : undefined;
    const info = store.connections.get(connectionId);
    return str(master?.name_label) || (info ? connectionDisplayName(store, info) : '');
  }, [store, connectionId]);
  const ctx: WizardContext = useMemo(() => ({ store, connectionId, poolName, reattach }), [store, connectionId, poolName, reattach]);

  const [draft, setDraft] = useState<Draft>(() => {
    const d = emptyDraft();
    d.setDefault = firstSharedSr(appStore.getState(), connectionId);
    if (reattach) {
      d.kind = reattach.kinds[0] ?? null;
      d.name = reattach.name; d.nameTyped = true;
      d.description = str(reattachSr?.name_description); d.autoDescription = false;
      d.attach = 'existing';
      d.setDefault = false;
    }
    return d;
  });
  const [page, setPage] = useState(() => (reattach && reattach.kinds.length === 1 ? 2 : 0));
  const [scan, setScan] = useState<ScanState>(EMPTY_SCAN);
  const [finishing, setFinishing] = useState(false);
  const [finishError, setFinishError] = useState('');
  const generation = useRef(0);
  const stopWatch = useRef<() => void>(() => undefined);
  useEffect(() => () => stopWatch.current(), []);

  const problems = PAGES.map((p) => pageProblems(p, ctx, draft));
  const here = PAGES[page];

  const change = (patch: Partial<Draft>) => { setFinishError(''); setDraft((d) => ({ ...d, ...patch })); };
  /** A new location: older scans are forgotten, and their answers still on the way ignored. */
  const changeLocation = (patch: Partial<Draft>) => {
    generation.current++;
    setScan(EMPTY_SCAN);
    change({ ...LOCATION_RESET, attach: reattach ? 'existing' : 'new', iqn: null, lun: null, device: null, ...patch });
  };
  const chooseKind = (kind: SrKind) => {
    if (kind === draft.kind) return;
    generation.current++;
    setScan(EMPTY_SCAN);
    setDraft((d) => {
      const name = d.nameTyped ? d.name : defaultSrName(kindInfo(kind).defaultName, srNames(appStore.getState(), connectionId));
      return { ...emptyDraft(), kind, name, nameTyped: d.nameTyped, description: d.description, autoDescription: d.autoDescription,
        setDefault: !reattach && kindInfo(kind).contentType !== 'iso' && firstSharedSr(appStore.getState(), connectionId), attach: reattach ? 'existing' : 'new' };
    });
  };

  /** Runs a probe; its answer is dropped when the location changed meanwhile. */
  const runProbe = async (busy: string, type: Parameters<typeof probe>[2], dc: Record<string, string>) => {
    const gen = generation.current;
    setScan((s) => ({ ...s, busy, error: '' }));
    const answer = await probe(bridge, connectionId, type, dc);
    if (gen !== generation.current) return undefined;
    setScan((s) => ({ ...s, busy: '' }));
    return answer;
  };
  const fail = (text: string) => setScan((s) => ({ ...s, busy: '', error: text }));

  /** The SRs on a LUN (a probe with its SCSIid): offered for reattach, else a format. */
  const checkLun = async (d: Draft) => {
    const info = kindInfo(d.kind!);
    const answer = await runProbe('Checking the LUN for an existing SR…', info.smType, deviceConfig(d));
    if (!answer) return;
    if (answer.error && !answer.xml.includes('<SRlist')) { fail(scanErrorText(answer.error)); return; }
    const found = parseSrList(answer.xml);
    setDraft((cur) => ({ ...cur, found, attach: reattach || found.length ? 'existing' : 'new', existingUuid: reattach ? reattach.uuid : found[0]?.uuid ?? null }));
  };

  const chooseLun = (lun: LunInfo | null) => {
    generation.current++;
    const d = { ...draft, lun, ...LOCATION_RESET };
    change({ lun, ...LOCATION_RESET });
    setScan((s) => ({ ...s, error: '' }));
    if (lun) void checkLun(d);
  };

  const chooseIqn = async (iqn: IqnInfo | null) => {
    generation.current++;
    const d = { ...draft, iqn, lun: null, ...LOCATION_RESET };
    change({ iqn, lun: null, ...LOCATION_RESET });
    setScan((s) => ({ ...s, luns: null, error: '' }));
    if (!iqn) return;
    const answer = await runProbe(`Scanning for LUNs on iSCSI filer ${iqn.address}…`, 'lvmoiscsi', probeConfig.luns(d, iqn));
    if (!answer) return;
    const luns = parseLuns(answer.xml);
    if (luns.length === 0) { fail(answer.error && !answer.xml ? scanErrorText(answer.error) : `No LUNs were found on ${iqn.address}.`); return; }
    setScan((s) => ({ ...s, luns }));
    if (luns.length === 1) {
      const lunDraft = { ...d, lun: luns[0] };
      setDraft((cur) => ({ ...cur, lun: luns[0] }));
      void checkLun(lunDraft);
    }
  };

  const chooseDevice = (device: BlockDevice | null) => {
    generation.current++;
    const d = { ...draft, device, ...LOCATION_RESET };
    change({ device, ...LOCATION_RESET });
    if (device) void checkLun(d);
  };

  const scanHba = async () => {
    generation.current++;
    change({ device: null, ...LOCATION_RESET });
    setScan({ ...EMPTY_SCAN });
    const answer = await runProbe('Probing for LUNs…', 'lvmohba', probeConfig.hba());
    if (!answer) return;
    let devices = parseDevlist(answer.xml);
    if (devices.length === 0) {
      devices = parseLuns(answer.xml).map((l) => ({ vendor: l.vendor, serial: l.serial, path: '', scsiId: l.scsiId, size: l.size, adapter: '', channel: '', id: '', lun: String(l.lunId) }));
    }
    if (devices.length === 0 && answer.error) { fail(scanErrorText(answer.error)); return; }
    setScan((s) => ({ ...s, devices }));
  };

  const onScan = async () => {
    switch (draft.kind) {
      case 'nfs': case 'smb': {
        const problem = draft.kind === 'nfs' ? nfsPathProblem(draft.nfsPath) : smbPathProblem(draft.smbPath);
        if (problem) { fail(problem); return; }
        const dc = draft.kind === 'nfs' ? probeConfig.nfs(draft) : probeConfig.smb(draft);
        const where = draft.kind === 'nfs' ? draft.nfsPath.trim() : draft.smbPath.trim();
        const answer = await runProbe(`Scanning ${where} for existing SRs…`, kindInfo(draft.kind).smType, dc);
        if (!answer) return;
        if (answer.error && !answer.xml.includes('<SRlist')) { fail(scanErrorText(answer.error)); change({ found: null }); return; }
        // Named as the pool knows them (sm's list has only uuids), and said when one is attached already.
        const found = parseSrList(answer.xml).map((f) => {
          const known = srByUuid(appStore.getState(), f.uuid);
          return known && !f.name ? { ...f, name: known.attached ? `${known.name} (attached)` : known.name } : f;
        });
        const versions = parseSupportedVersions(answer.xml);
        setScan((s) => ({ ...s, versions }));
        const want = reattach ? found.find((s) => s.uuid === reattach.uuid)?.uuid : undefined;
        setDraft((d) => ({
          ...d, found, existingUuid: reattach ? want ?? null : found.some((s) => s.uuid === d.existingUuid) ? d.existingUuid : null,
          attach: reattach ? 'existing' : found.length === 0 ? 'new' : d.attach,
          nfsVersion: versions.length === 1 && (versions[0] === '3' || versions[0] === '4') ? versions[0] : d.nfsVersion,
        }));
        return;
      }
      case 'iscsi': {
        const problems = iscsiTargetProblems(draft);
        if (problems.length) { fail(problems[0]); return; }
        generation.current++;
        change({ iqn: null, lun: null, ...LOCATION_RESET });
        setScan({ ...EMPTY_SCAN });
        const host = draft.iscsiHost.trim();
        const answer = await runProbe(`Scanning for IQNs on iSCSI filer ${host}…`, 'lvmoiscsi', probeConfig.iqns(draft));
        if (!answer) return;
        const iqns = parseIqns(answer.xml, Number(draft.iscsiPort) || 3260);
        if (iqns.length === 0) { fail(answer.error && !answer.xml ? scanErrorText(answer.error) : `No IQNs were found on ${host}.`); return; }
        setScan((s) => ({ ...s, iqns }));
        // The single IQN a scan found is chosen at once (XenCenter does).
        if (iqns.length === 1) void chooseIqn(iqns[0]);
        return;
      }
      case 'hba': await scanHba(); return;
      default:
    }
  };

  // Hardware HBA: the LUNs are probed when the Location page opens (XenCenter's FiberChannelScan).
  useEffect(() => {
    if (here === 'Location' && draft.kind === 'hba' && scan.devices === null && !scan.busy && !scan.error) void scanHba();
  }, [here, draft.kind]);

  // Finish: WizardFrame calls it once no page has problems (and not while finishing).
  const finish = () => {
    const spec = toFinish(ctx, draft);
    const from = useUi.getState().selectedNodeId;
    setFinishing(true);
    setFinishError('');
    let started: string | undefined;
    let refused: string | undefined;
    const cmd = reattach ? REATTACH_SR_COMMAND : NEW_SR_COMMAND;
    void runCommand({ ...cmd, dialog: undefined, execute: async (sel, b) => {
      const out = await finishSr(b, sel[0], spec);
      started = out.taskRef;
      if (out.error) refused = errorText(toErrorInfo(out.error));
      return [out];
    } }, [target], bridge, appStore, pushAlert).then(() => {
      if (!started) { setFinishing(false); setFinishError(refused ?? 'The storage could not be added'); return; }
      const key = taskKey(connectionId, started);
      const done = (s: ReturnType<typeof appStore.getState>): boolean => {
        const t = s.tasks.get(key);
        if (!t || t.status === 'pending' || t.status === 'cancelling') return false;
        if (t.status === 'success') {
          const ref = /OpaqueRef:[0-9A-Za-z-]+/.exec(t.result ?? '')?.[0];
          close();
          if (ref) useUi.getState().reveal({ connectionId, cls: 'sr', ref }, from);
        } else {
          setFinishing(false);
          setFinishError(t.errorInfo.length ? scanErrorText(taskErrorInfo(t.errorInfo)) : 'The task was cancelled');
        }
        return true;
      };
      if (done(appStore.getState())) return;
      const stop = appStore.subscribe((s) => { if (done(s)) stop(); });
      stopWatch.current = stop;
    });
  };

  const locationProps = {
    draft, scan, reattach, onLocation: changeLocation, onChange: change, onScan: () => { void onScan(); },
    onIqn: (i: IqnInfo | null) => { void chooseIqn(i); }, onLun: chooseLun, onDevice: chooseDevice,
  };
  const content = (() => {
    switch (here) {
      case 'Type': return <TypePage kind={draft.kind} allowed={reattach?.kinds} onChoose={chooseKind} />;
      case 'Name': return <NamePage draft={draft} onChange={change} />;
      case 'Location':
        switch (draft.kind) {
          case 'nfs': case 'nfsIso': return <NfsLocation {...locationProps} />;
          case 'smb': case 'smbIso': return <SmbLocation {...locationProps} />;
          case 'iscsi': return <IscsiLocation {...locationProps} />;
          case 'hba': return <HbaLocation {...locationProps} />;
          default: return null;
        }
      case 'Finish': return <FinishPage ctx={ctx} draft={draft} onChange={change} />;
    }
  })();
  const [title, intro] = HEADINGS[here];
  const kindName = draft.kind ? kindInfo(draft.kind).label : '';
  const heading2 = here === 'Location' && draft.kind ? `Enter a path for your ${kindName} storage` : title;
  const intro2 = here === 'Location' && draft.kind ? LOCATION_INTRO[draft.kind] : intro;
  // The Location page shows what its scans still need in place; its list shows the rest.
  const listed = problems[page].filter((m) => !(here === 'Location' && m.endsWith('…')));
  const dialogTitle = `${reattach ? 'Attach Storage Repository' : 'New Storage Repository'} - ${poolName}`;

  const status = finishing
    ? <><span className="nsr-spinner" aria-hidden="true" />{reattach || draft.attach === 'existing' ? 'Attaching the SR…' : 'Creating the SR…'}</>
    : undefined;

  return (
    <WizardFrame title={dialogTitle} className="new-sr-wizard" formClassName="nsr" pages={PAGES} page={page} problems={problems}
      onPage={setPage} onFinish={finish} onCancel={close} heading={heading2} intro={intro2} listed={listed}
      notice={finishError && here === 'Finish' ? <p className="nsr-error" role="alert">{finishError}</p> : null}
      finishing={finishing} holdNext={!!scan.busy} busy={finishing || !!scan.busy} status={status}>
      {content}
    </WizardFrame>
  );
}

function TypePage({ kind, allowed, onChoose }: { kind: SrKind | null; allowed?: SrKind[]; onChoose(k: SrKind): void }) {
  const info = kind ? kindInfo(kind) : undefined;
  return (
    <div className="nsr-types">
      <div role="radiogroup" aria-label="Type of storage" className="nsr-type-list">
        {(['Virtual disk storage', 'ISO library'] as const).map((group) => (
          <div key={group} className="nsr-type-group">
            <div className="wizard-group">{group}</div>
            {KINDS.filter((k) => k.group === group).map((k) => (
              <label key={k.kind} className="wizard-radio nsr-type">
                <input type="radio" name="nsr-type" value={k.kind} checked={kind === k.kind} disabled={!!allowed && !allowed.includes(k.kind)} onChange={() => onChoose(k.kind)} />
                {k.label}
              </label>
            ))}
          </div>
        ))}
      </div>
      <div className="nsr-blurb" aria-live="polite">
        {info ? <><h4>{info.label}</h4><p>{info.blurb}</p></> : <p className="wizard-muted">Choose a type to read about it.</p>}
      </div>
    </div>
  );
}

function NamePage({ draft, onChange }: { draft: Draft; onChange(p: Partial<Draft>): void }) {
  return (
    <div className="form-grid wizard-form">
      <label htmlFor="nsr-name">Name</label>
      <input id="nsr-name" value={draft.name} maxLength={1024} required onChange={(e) => onChange({ name: e.target.value, nameTyped: true })} />
      <span />
      <label className="wizard-check">
        <input type="checkbox" checked={draft.autoDescription} onChange={(e) => onChange({ autoDescription: e.target.checked })} />
        Autogenerate description based on SR settings (e.g., IP address, LUN etc.)
      </label>
      <label htmlFor="nsr-desc" className="wizard-top">Description</label>
      <textarea id="nsr-desc" rows={4} value={draft.description} disabled={draft.autoDescription} placeholder={draft.autoDescription ? 'Made from the location on the next page' : ''}
        onChange={(e) => onChange({ description: e.target.value })} />
    </div>
  );
}

function locationText(d: Draft): string {
  switch (d.kind) {
    case 'nfs': case 'nfsIso': return d.nfsPath.trim();
    case 'smb': case 'smbIso': return d.smbPath.trim();
    case 'iscsi': return d.iqn && d.lun ? `${d.iqn.address}:${d.iqn.port}, ${d.iqn.targetIQN}, LUN ${d.lun.lunId}` : '';
    case 'hba': return d.device ? `${d.device.vendor} ${d.device.serial} (${d.device.scsiId})` : '';
    default: return '';
  }
}

function FinishPage({ ctx, draft, onChange }: { ctx: WizardContext; draft: Draft; onChange(p: Partial<Draft>): void }) {
  const info = kindInfo(draft.kind!);
  const spec = toFinish(ctx, draft);
  const action = spec.mode === 'create'
    ? (formatsLun(ctx, draft) ? 'Format the LUN and create a new SR' : 'Create a new SR')
    : spec.mode === 'introduce' ? `Attach the existing SR ${spec.uuid}` : `Reattach the SR '${ctx.reattach?.name ?? ''}'`;
  return (
    <div className="nsr-finish">
      <dl className="nsr-summary">
        <dt>Type</dt><dd>{info.label}</dd>
        <dt>Name</dt><dd>{spec.name}</dd>
        <dt>Description</dt><dd>{spec.description || <span className="wizard-muted">None</span>}</dd>
        <dt>Location</dt><dd>{locationText(draft)}</dd>
        <dt>Action</dt><dd>{action}</dd>
        <dt>Servers</dt><dd>Shared: attached to every server of &apos;{ctx.poolName}&apos;</dd>
      </dl>
      {formatsLun(ctx, draft) ? <p className="wizard-warning" role="note">Creating the SR formats the LUN: all the data on it is destroyed.</p> : null}
      {info.contentType !== 'iso' ? (
        <label className="wizard-check nsr-default">
          <input type="checkbox" checked={draft.setDefault} onChange={(e) => onChange({ setDefault: e.target.checked })} />
          Make this the pool&apos;s default storage repository
        </label>
      ) : null}
    </div>
  );
}
