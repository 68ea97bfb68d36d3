// The Location page of each SR type (XenCenter's frontends): NFS and SMB with Scan and the choice of
// a new or an existing SR; iSCSI with its target, CHAP, Scan Target Host, IQNs then LUNs; Hardware HBA
// with the LUNs the HBAs see; the ISO libraries. A LUN holding an SR offers it, or a format.
import { useId } from 'react';
import { formatBytes } from '../../xapi-model/format';
import { deviceLabel, iqnLabel, kindInfo, lunLabel, type Draft } from './model';
import type { BlockDevice, IqnInfo, LunInfo, SrInfo } from './probe-xml';

export interface ScanState {
  /** What is being scanned now ('' when nothing is). */
  busy: string;
  error: string;
  iqns: IqnInfo[] | null;
  luns: LunInfo[] | null;
  devices: BlockDevice[] | null;
  /** NFS versions the server said it offers (empty: not known). */
  versions: string[];
}
export const EMPTY_SCAN: ScanState = { busy: '', error: '', iqns: null, luns: null, devices: null, versions: [] };

export interface LocationProps {
  draft: Draft;
  scan: ScanState;
  /** The SR being reattached (its uuid must be found; no new SR). */
  reattach?: { uuid: string; name: string };
  /** A change of the location itself: forgets the scans made of the old one. */
  onLocation(patch: Partial<Draft>): void;
  onChange(patch: Partial<Draft>): void;
  onScan(): void;
  onIqn(iqn: IqnInfo | null): void;
  onLun(lun: LunInfo | null): void;
  onDevice(d: BlockDevice | null): void;
}

function Busy({ scan }: { scan: ScanState }) {
  if (scan.busy) return <p className="nsr-busy" role="status"><span className="nsr-spinner" aria-hidden="true" />{scan.busy}</p>;
  if (scan.error) return <p className="nsr-error" role="alert">{scan.error}</p>;
  return null;
}

const srLine = (s: SrInfo) => `${s.name || s.uuid}${s.size > 0 ? ` (${formatBytes(s.size)})` : ''}${s.name ? ` — ${s.uuid}` : ''}`;

/** "Create a new SR" / "Reattach an existing SR:" and the SRs the scan found (VHDoNFS, CifsFrontend). */
function NewOrExisting({ draft, reattach, onChange }: Pick<LocationProps, 'draft' | 'reattach' | 'onChange'>) {
  const name = useId();
  const listId = useId();
  const found = draft.found ?? [];
  const scanned = draft.found !== null;
  return (
    <fieldset className="wizard-radios nsr-choice">
      <legend className="wizard-sr-only">New or existing SR</legend>
      {!reattach ? (
        <label className="wizard-radio">
          <input type="radio" name={name} checked={draft.attach === 'new'} onChange={() => onChange({ attach: 'new', existingUuid: null })} />
          Create a new SR
        </label>
      ) : null}
      <label className="wizard-radio">
        <input type="radio" name={name} checked={draft.attach === 'existing'} disabled={!scanned || found.length === 0}
          onChange={() => onChange({ attach: 'existing', existingUuid: draft.existingUuid ?? found[0]?.uuid ?? null })} />
        Reattach an existing SR:
      </label>
      <div className="wizard-indent">
        <select id={listId} aria-label="Existing SRs" size={Math.min(5, Math.max(2, found.length))} className="nsr-srlist"
          disabled={!scanned || found.length === 0} value={draft.existingUuid ?? ''}
          onChange={(e) => onChange({ attach: 'existing', existingUuid: e.target.value || null })}>
          {!scanned ? <option value="" disabled>Scan to find the SRs on this share</option> : null}
          {scanned && found.length === 0 ? <option value="" disabled>&lt;No SRs were found&gt;</option> : null}
          {found.map((s) => <option key={s.uuid} value={s.uuid}>{srLine(s)}</option>)}
        </select>
      </div>
    </fieldset>
  );
}

function NfsVersion({ draft, scan, onChange }: Pick<LocationProps, 'draft' | 'scan' | 'onChange'>) {
  const name = useId();
  const offered = (v: string) => scan.versions.length === 0 || scan.versions.includes(v);
  return (
    <>
      <span className="wizard-label">NFS Version</span>
      <div className="nsr-inline" role="radiogroup" aria-label="NFS Version">
        {(['3', '4'] as const).map((v) => (
          <label key={v} className="wizard-radio">
            <input type="radio" name={name} checked={draft.nfsVersion === v} disabled={!offered(v)} onChange={() => onChange({ nfsVersion: v })} />
            NFSv{v}
          </label>
        ))}
      </div>
    </>
  );
}

/** The Share Name row of the NFS and SMB pages (its grid cells): the path, Scan (not for an ISO library), an example. */
function ShareName({ value, placeholder, example, scan, onScan, onEdit }: {
  value: string; placeholder: string; example: string; scan?: LocationProps['scan']; onScan: () => void; onEdit: (v: string) => void;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>Share Name</label>
      <div className="nsr-inline">
        <input id={id} className="nsr-wide" value={value} placeholder={placeholder} spellCheck={false} autoComplete="off" onChange={(e) => onEdit(e.target.value)} />
        {scan ? <button type="button" onClick={onScan} disabled={!!scan.busy}>Scan</button> : null}
      </div>
      <span />
      <span className="wizard-muted nsr-example">Example: {example}</span>
    </>
  );
}

export function NfsLocation(p: LocationProps) {
  const opts = useId();
  const iso = p.draft.kind === 'nfsIso';
  return (
    <div className="nsr-location">
      <div className="form-grid wizard-form">
        <ShareName value={p.draft.nfsPath} placeholder="server:/path" example="server:/path" scan={iso ? undefined : p.scan} onScan={p.onScan}
          onEdit={(v) => p.onLocation({ nfsPath: v })} />
        {!iso ? (
          <>
            <label htmlFor={opts}>Advanced Options</label>
            <input id={opts} className="nsr-wide" value={p.draft.nfsOptions} spellCheck={false} onChange={(e) => p.onChange({ nfsOptions: e.target.value })} />
          </>
        ) : null}
        <NfsVersion draft={p.draft} scan={p.scan} onChange={p.onChange} />
      </div>
      <Busy scan={p.scan} />
      {!iso ? <NewOrExisting draft={p.draft} reattach={p.reattach} onChange={p.onChange} /> : null}
    </div>
  );
}

export function SmbLocation(p: LocationProps) {
  const user = useId();
  const pw = useId();
  const iso = p.draft.kind === 'smbIso';
  return (
    <div className="nsr-location">
      <div className="form-grid wizard-form">
        <ShareName value={p.draft.smbPath} placeholder={'\\\\server\\share'} example={`\\\\server\\${iso ? 'sharename' : 'path'}`} scan={iso ? undefined : p.scan}
          onScan={p.onScan} onEdit={(v) => p.onLocation({ smbPath: v })} />
        <label htmlFor={user}>Username</label>
        <input id={user} className="nsr-mid" value={p.draft.smbUser} autoComplete="off" onChange={(e) => p.onLocation({ smbUser: e.target.value })} />
        <label htmlFor={pw}>Password</label>
        <input id={pw} className="nsr-mid" type="password" value={p.draft.smbPassword} autoComplete="new-password" onChange={(e) => p.onLocation({ smbPassword: e.target.value })} />
      </div>
      <Busy scan={p.scan} />
      {!iso ? <NewOrExisting draft={p.draft} reattach={p.reattach} onChange={p.onChange} /> : null}
    </div>
  );
}

/** What a LUN holds (LVMoHBAWarningDialog): its SR to reattach, or a format that destroys its data. */
function LunChoice({ draft, reattach, onChange }: Pick<LocationProps, 'draft' | 'reattach' | 'onChange'>) {
  const name = useId();
  if (draft.found === null) return null;
  const type = kindInfo(draft.kind!).label;
  const sr = draft.found[0];
  if (reattach) {
    return sr?.uuid === reattach.uuid
      ? <p className="nsr-found">The LUN holds the SR &apos;{reattach.name}&apos;: it will be attached again.</p>
      : null;
  }
  return (
    <fieldset className="wizard-radios nsr-choice">
      <legend>{sr ? `An existing ${type} SR was found on the selected LUN` : 'No existing SRs were found on the selected LUN'}</legend>
      <label className="wizard-radio">
        <input type="radio" name={name} checked={draft.attach === 'existing'} disabled={!sr}
          onChange={() => onChange({ attach: 'existing', existingUuid: sr?.uuid ?? null })} />
        {sr ? `Reattach: use the existing ${type} SR (${srLine(sr)})` : 'There is no existing SR to reattach'}
      </label>
      <label className="wizard-radio">
        <input type="radio" name={name} checked={draft.attach === 'new'} onChange={() => onChange({ attach: 'new', existingUuid: null })} />
        Format: destroy any data present on the LUN and create a new {type} SR
      </label>
      {draft.attach === 'new' ? <p className="wizard-warning" role="note">Formatting the LUN destroys all the data on it.</p> : null}
    </fieldset>
  );
}

export function IscsiLocation(p: LocationProps) {
  const host = useId();
  const port = useId();
  const user = useId();
  const pw = useId();
  const iqnId = useId();
  const lunId = useId();
  const { draft, scan } = p;
  const iqns = scan.iqns ?? [];
  const luns = scan.luns ?? [];
  const iqnIndex = draft.iqn ? iqns.findIndex((i) => i.targetIQN === draft.iqn!.targetIQN && i.address === draft.iqn!.address && i.port === draft.iqn!.port) : -1;
  const lunIndex = draft.lun ? luns.findIndex((l) => l.scsiId === draft.lun!.scsiId && l.lunId === draft.lun!.lunId) : -1;
  return (
    <div className="nsr-location">
      <div className="form-grid wizard-form">
        <label htmlFor={host}>Target host</label>
        <div className="nsr-inline">
          <input id={host} className="nsr-mid" value={draft.iscsiHost} placeholder="name or IP address" spellCheck={false} autoComplete="off"
            onChange={(e) => p.onLocation({ iscsiHost: e.target.value })} />
          <label htmlFor={port}>Port</label>
          <input id={port} className="nsr-port" inputMode="numeric" value={draft.iscsiPort} onChange={(e) => p.onLocation({ iscsiPort: e.target.value })} />
        </div>
        <span />
        <label className="wizard-check">
          <input type="checkbox" checked={draft.useChap} onChange={(e) => p.onLocation({ useChap: e.target.checked })} />
          Use CHAP authentication
        </label>
        <label htmlFor={user}>CHAP username</label>
        <input id={user} className="nsr-mid" value={draft.chapUser} disabled={!draft.useChap} autoComplete="off" onChange={(e) => p.onLocation({ chapUser: e.target.value })} />
        <label htmlFor={pw}>CHAP password</label>
        <input id={pw} className="nsr-mid" type="password" value={draft.chapPassword} disabled={!draft.useChap} autoComplete="new-password"
          onChange={(e) => p.onLocation({ chapPassword: e.target.value })} />
        <span />
        <div><button type="button" onClick={p.onScan} disabled={!!scan.busy}>Scan Target Host</button></div>
      </div>
      <fieldset className="wizard-box nsr-target" disabled={scan.iqns === null || !!scan.busy}>
        <legend>iSCSI target</legend>
        <div className="form-grid wizard-form">
          <label htmlFor={iqnId}>Target IQN</label>
          <select id={iqnId} value={iqnIndex} onChange={(e) => p.onIqn(iqns[Number(e.target.value)] ?? null)}>
            <option value={-1}>{iqns.length ? 'Select target IQN' : '—'}</option>
            {iqns.map((i, n) => <option key={`${i.targetIQN}@${i.address}:${i.port}`} value={n}>{iqnLabel(i)}</option>)}
          </select>
          <label htmlFor={lunId}>Target LUN</label>
          <select id={lunId} value={lunIndex} disabled={luns.length === 0} onChange={(e) => p.onLun(luns[Number(e.target.value)] ?? null)}>
            <option value={-1}>{luns.length ? 'Select target LUN' : '—'}</option>
            {luns.map((l, n) => <option key={`${l.lunId}:${l.scsiId}`} value={n}>{lunLabel(l)}</option>)}
          </select>
        </div>
      </fieldset>
      <Busy scan={scan} />
      <LunChoice draft={draft} reattach={p.reattach} onChange={p.onChange} />
    </div>
  );
}

export function HbaLocation(p: LocationProps) {
  const name = useId();
  const devices = p.scan.devices ?? [];
  return (
    <div className="nsr-location">
      <div className="nsr-inline">
        <span>{p.reattach ? 'Choose a LUN to re-attach:' : 'Choose a LUN to create a new SR on:'}</span>
        <button type="button" onClick={p.onScan} disabled={!!p.scan.busy}>Rescan</button>
      </div>
      <fieldset className="wizard-radios nsr-devices">
        <legend className="wizard-sr-only">LUNs</legend>
        {p.scan.devices !== null && devices.length === 0 ? <p className="wizard-muted">No LUNs were found.</p> : null}
        {devices.map((d) => (
          <label key={d.scsiId} className="wizard-radio">
            <input type="radio" name={name} checked={p.draft.device?.scsiId === d.scsiId} disabled={!!p.scan.busy} onChange={() => p.onDevice(d)} />
            {deviceLabel(d)}
          </label>
        ))}
      </fieldset>
      <Busy scan={p.scan} />
      <LunChoice draft={p.draft} reattach={p.reattach} onChange={p.onChange} />
    </div>
  );
}
