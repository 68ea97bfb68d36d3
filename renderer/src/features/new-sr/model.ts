// The New SR wizard's model (pure): XenCenter's SR types (SrWizardType.cs), their default names and
// descriptions, the location checks of its pages (SrWizardHelpers: "server:/path", "\\server\share",
// the iSCSI port), the device_config each page sends (VHDoNFS, CifsFrontend, LVMoISCSI, LVMoHBA,
// NFS_ISO, CIFS_ISO) and the one srWizard.finish request Finish sends.
import type { SrWizardFinish, SrWizardSmType } from '../../../../shared/ipc/areas/sr-wizard';
import type { ObjectsView } from '../../state/store';
import { entries, record } from '../../xapi-model/records';
import { formatBytes, str } from '../../xapi-model/format';
import { refs } from '../../xapi-model/refs';
import type { BlockDevice, IqnInfo, LunInfo, SrInfo } from './probe-xml';

export type SrKind = 'nfs' | 'smb' | 'iscsi' | 'hba' | 'nfsIso' | 'smbIso';
export interface KindInfo {
  kind: SrKind;
  label: string;
  group: 'Virtual disk storage' | 'ISO library';
  smType: SrWizardSmType;
  contentType: '' | 'iso';
  defaultName: string;
  blurb: string;
}

export const KINDS: readonly KindInfo[] = [
  { kind: 'nfs', label: 'NFS', group: 'Virtual disk storage', smType: 'nfs', contentType: '', defaultName: 'NFS virtual disk storage',
    blurb: 'NFS servers are a common form of shared filesystem infrastructure, and can be used as a storage repository substrate for virtual disks. As NFS storage repositories are shared, the virtual disks stored in them allow VMs to be started on any server in a pool and to be migrated between them.' },
  { kind: 'smb', label: 'SMB', group: 'Virtual disk storage', smType: 'smb', contentType: '', defaultName: 'SMB virtual storage',
    blurb: 'SMB servers are a common form of Windows shared filesystem infrastructure, and can be used as a storage repository substrate for virtual disks. As SMB storage repositories are shared, the virtual disks stored in them allow VMs to be started on any server in a pool and to be migrated between them.' },
  { kind: 'iscsi', label: 'iSCSI', group: 'Virtual disk storage', smType: 'lvmoiscsi', contentType: '', defaultName: 'iSCSI virtual disk storage',
    blurb: 'iSCSI access to a shared LUN can be configured to host fully provisioned virtual disks using LVM. Creating the SR formats the LUN.' },
  { kind: 'hba', label: 'Hardware HBA', group: 'Virtual disk storage', smType: 'lvmohba', contentType: '', defaultName: 'Hardware HBA virtual disk storage',
    blurb: 'Servers support Fibre Channel (FC), Fibre Channel over Ethernet (FCoE) and shared Serial Attached SCSI (SAS) storage area networks using host bus adapters (HBAs). All configuration required to expose a LUN to the servers must be completed manually first.' },
  { kind: 'nfsIso', label: 'NFS ISO', group: 'ISO library', smType: 'iso', contentType: 'iso', defaultName: 'NFS ISO library',
    blurb: 'Select this option if you have a library of VM installation ISO images available as an NFS share that you want to attach to your pool.' },
  { kind: 'smbIso', label: 'SMB ISO', group: 'ISO library', smType: 'iso', contentType: 'iso', defaultName: 'SMB ISO library',
    blurb: 'Select this option if you have a library of VM installation ISO images available as a Windows (SMB/CIFS) share that you want to attach to your pool.' },
];
export const kindInfo = (k: SrKind): KindInfo => KINDS.find((i) => i.kind === k)!;

export const PAGES = ['Type', 'Name', 'Location', 'Finish'] as const;
export type Page = (typeof PAGES)[number];

/** Create a new SR, or attach the existing one a probe found (on a LUN: the other choice formats it). */
export type Attach = 'new' | 'existing';

export interface Draft {
  kind: SrKind | null;
  name: string;
  /** The name was typed (not the type's default). */
  nameTyped: boolean;
  description: string;
  autoDescription: boolean;
  nfsPath: string; nfsOptions: string; nfsVersion: '3' | '4';
  smbPath: string; smbUser: string; smbPassword: string;
  iscsiHost: string; iscsiPort: string; useChap: boolean; chapUser: string; chapPassword: string;
  iqn: IqnInfo | null; lun: LunInfo | null;
  device: BlockDevice | null;
  /** SRs the last scan found on the location (null: not scanned since it changed). */
  found: SrInfo[] | null;
  attach: Attach;
  existingUuid: string | null;
  setDefault: boolean;
}

export function emptyDraft(): Draft {
  return {
    kind: null, name: '', nameTyped: false, description: '', autoDescription: true,
    nfsPath: '', nfsOptions: '', nfsVersion: '3', smbPath: '', smbUser: '', smbPassword: '',
    iscsiHost: '', iscsiPort: '3260', useChap: false, chapUser: '', chapPassword: '', iqn: null, lun: null, device: null,
    found: null, attach: 'new', existingUuid: null, setDefault: false,
  };
}

/** What a location change forgets: the scans of the old location and the choice made from them. */
export const LOCATION_RESET: Partial<Draft> = { found: null, attach: 'new', existingUuid: null };

// ---------- names ----------

/** XenCenter's DefaultSRName: the name, or "name (1)", "name (2)" … when an SR has it already. */
export function defaultSrName(base: string, names: ReadonlySet<string>): string {
  if (!names.has(base)) return base;
  for (let i = 1; ; i++) if (!names.has(`${base} (${i})`)) return `${base} (${i})`;
}

export function srNames(store: ObjectsView, connectionId: string): Set<string> {
  return new Set(entries(store, connectionId, 'sr').map(([, s]) => str(s.name_label)));
}

/** XenCenter's LUN label: "LUN 1: serial: 500 GiB (vendor)". */
export function lunLabel(l: Pick<LunInfo, 'lunId' | 'serial' | 'size' | 'vendor'>): string {
  let s = 'LUN';
  if (l.lunId !== -1) s += ` ${l.lunId}`;
  if (l.serial) s += `: ${l.serial}`;
  if (l.size >= 0) s += `: ${formatBytes(l.size)}`;
  if (l.vendor) s += ` (${l.vendor})`;
  return s;
}

export const iqnLabel = (i: IqnInfo): string => `${i.targetIQN} (${i.address}:${i.port})`;
export const deviceLabel = (d: BlockDevice): string =>
  [d.vendor, d.serial, d.size >= 0 ? formatBytes(d.size) : '', d.scsiId].filter(Boolean).join(' — ');

/** The description XenCenter writes when "Autogenerate description" is ticked (NEWSR_ACTION …). */
export function autoDescription(d: Draft): string {
  switch (d.kind) {
    case 'nfs': return d.nfsPath.trim() ? `NFS SR [${d.nfsPath.trim()}]` : '';
    case 'smb': return d.smbPath.trim() ? `SMB SR [${d.smbPath.trim()}]` : '';
    case 'iscsi': return d.iqn && d.lun ? `iSCSI SR [${d.iqn.address} (${d.iqn.targetIQN}; ${lunLabel(d.lun)})]` : '';
    case 'hba': return d.device ? `Hardware HBA SR [${d.device.vendor} - ${d.device.serial}]` : '';
    case 'nfsIso': return d.nfsPath.trim() ? `NFS ISO Library [${d.nfsPath.trim()}]` : '';
    case 'smbIso': return d.smbPath.trim() ? `SMB ISO Library [${d.smbPath.trim()}]` : '';
    default: return '';
  }
}

// ---------- checks (SrWizardHelpers) ----------

/** "server:/path" (ValidateNfsSharename). */
export const NFS_PATH = /^[^/:*?<>|\\]+:\/[^:*?<>|\\]*$/;
export function nfsPathProblem(s: string): string | undefined {
  if (!s.trim()) return 'Enter the share name, as server:/path';
  if (!NFS_PATH.test(s.trim())) return 'The share name must have the form server:/path';
  return undefined;
}

/** "\\server\share" (ValidateCifsSharename); "//server/share" is taken too. */
const SMB_PATH = /^(\\\\|\/\/)[^\\/:*?<>|]+([\\/][^\\/:*?<>|]+)+[\\/]?$/;
export function smbPathProblem(s: string): string | undefined {
  if (!s.trim()) return 'Enter the share name, as \\\\server\\share';
  if (!SMB_PATH.test(s.trim())) return 'The share name must have the form \\\\server\\share';
  return undefined;
}

export function portProblem(s: string): string | undefined {
  const t = s.trim();
  if (!/^\d{1,5}$/.test(t) || Number(t) < 1 || Number(t) > 65535) return 'The port must be a number from 1 to 65535';
  return undefined;
}

/** What the iSCSI target fields lack before "Scan Target Host" can run. */
export function iscsiTargetProblems(d: Draft): string[] {
  const out: string[] = [];
  if (!d.iscsiHost.trim()) out.push('Enter the target host name or IP address');
  const port = portProblem(d.iscsiPort);
  if (port) out.push(port);
  if (d.useChap && !d.chapUser.trim()) out.push('Enter the CHAP user name');
  return out;
}

/** An SR of any connected pool whose PBD uses this SCSI id (XenCenter's SrUsingLunExists). */
export function srUsingScsiId(store: ObjectsView, scsiId: string): { connectionId: string; ref: string; name: string } | undefined {
  if (!scsiId) return undefined;
  for (const connectionId of store.objects.keys()) {
    for (const [ref, sr] of entries(store, connectionId, 'sr')) {
      for (const p of refs(sr.PBDs)) {
        const dc = record(store, connectionId, 'pbd', p)?.device_config as Record<string, unknown> | undefined;
        if (dc && dc.SCSIid === scsiId) return { connectionId, ref, name: str(sr.name_label) };
      }
    }
  }
  return undefined;
}

/** An SR of a connected pool with this uuid, and whether it is attached there (XenCenter's SrInUse). */
export function srByUuid(store: ObjectsView, uuid: string): { connectionId: string; ref: string; name: string; attached: boolean } | undefined {
  for (const connectionId of store.objects.keys()) {
    for (const [ref, sr] of entries(store, connectionId, 'sr')) {
      if (str(sr.uuid) === uuid) return { connectionId, ref, name: str(sr.name_label), attached: refs(sr.PBDs).length > 0 };
    }
  }
  return undefined;
}

/** An ISO SR of this pool at that location (NFS_ISO / CIFS_ISO refuse to attach it twice). */
export function isoAttachedAt(store: ObjectsView, connectionId: string, location: string): boolean {
  const want = location.replace(/\\/g, '/').trim();
  return entries(store, connectionId, 'sr').some(([, sr]) => str(sr.type) === 'iso' && refs(sr.PBDs).some((p) => {
    const dc = record(store, connectionId, 'pbd', p)?.device_config as Record<string, unknown> | undefined;
    return typeof dc?.location === 'string' && dc.location.replace(/\\/g, '/') === want;
  }));
}

/** What the wizard knows besides the draft: the SR being reattached, and the store for in-use checks. */
export interface WizardContext {
  store: ObjectsView;
  connectionId: string;
  poolName: string;
  reattach?: { ref: string; uuid: string; name: string };
}

export function locationProblems(ctx: WizardContext, d: Draft): string[] {
  const out: string[] = [];
  const choice = () => {
    if (ctx.reattach) {
      if (d.found === null) out.push('Scan the location to find the SR');
      else if (!d.found.some((s) => s.uuid === ctx.reattach!.uuid)) out.push(`This location does not hold the SR '${ctx.reattach.name}'`);
    } else if (d.attach === 'existing' && !d.existingUuid) out.push('Choose the SR to reattach');
    else if (d.attach === 'existing' && d.existingUuid) inUse(ctx, d.existingUuid, out);
  };
  switch (d.kind) {
    case 'nfs': {
      const p = nfsPathProblem(d.nfsPath);
      if (p) out.push(p); else choice();
      break;
    }
    case 'smb': {
      const p = smbPathProblem(d.smbPath);
      if (p) out.push(p); else choice();
      break;
    }
    case 'iscsi':
      out.push(...iscsiTargetProblems(d));
      if (!out.length && !d.iqn) out.push('Scan the target host and choose a target IQN');
      else if (!out.length && !d.lun) out.push('Choose a target LUN');
      else if (!out.length) lunChoice(ctx, d, d.lun!.scsiId, out);
      break;
    case 'hba':
      if (!d.device) out.push('Choose a LUN');
      else lunChoice(ctx, d, d.device.scsiId, out);
      break;
    case 'nfsIso': {
      const p = nfsPathProblem(d.nfsPath);
      if (p) out.push(p);
      else if (!ctx.reattach && isoAttachedAt(ctx.store, ctx.connectionId, d.nfsPath)) out.push(`This NFS ISO storage is already attached to '${ctx.poolName}'`);
      break;
    }
    case 'smbIso': {
      const p = smbPathProblem(d.smbPath);
      if (p) out.push(p);
      else if (!ctx.reattach && isoAttachedAt(ctx.store, ctx.connectionId, smbIsoConfig(d).location)) out.push(`This SMB ISO storage is already attached to '${ctx.poolName}'`);
      break;
    }
    default: out.push('Choose a type of storage first');
  }
  return out;
}

/** STORAGE_IN_USE: an SR attached to a pool cannot be attached again before it is detached there. */
function inUse(ctx: WizardContext, uuid: string, out: string[]): void {
  const known = srByUuid(ctx.store, uuid);
  if (known?.attached) {
    const where = known.connectionId === ctx.connectionId ? ctx.poolName : 'another pool';
    out.push(`The SR '${known.name}' is in use on '${where}': detach it there before attaching it again`);
  }
}

function lunChoice(ctx: WizardContext, d: Draft, scsiId: string, out: string[]): void {
  const used = srUsingScsiId(ctx.store, scsiId);
  if (used && !(ctx.reattach && used.ref === ctx.reattach.ref)) { out.push(`This LUN is already in use as SR '${used.name}'`); return; }
  if (d.found === null) { out.push('Checking the LUN for an existing SR…'); return; }
  if (ctx.reattach) {
    if (!d.found.some((s) => s.uuid === ctx.reattach!.uuid)) out.push(`This LUN does not contain the Storage Repository '${ctx.reattach.name}'. Please select the correct LUN.`);
    return;
  }
  if (d.attach === 'existing' && !d.existingUuid) out.push('Choose the SR to reattach');
  else if (d.attach === 'existing' && d.existingUuid) inUse(ctx, d.existingUuid, out);
}

export function pageProblems(page: Page, ctx: WizardContext, d: Draft): string[] {
  switch (page) {
    case 'Type': return d.kind ? [] : ['Choose a type of storage'];
    case 'Name': return d.name.trim() ? [] : ['Enter a name for the SR'];
    case 'Location': return locationProblems(ctx, d);
    case 'Finish': return [];
  }
}

/** Creating on a LUN formats it: the warning to show, when that is what Finish will do. */
export function formatsLun(ctx: WizardContext, d: Draft): boolean {
  return !ctx.reattach && (d.kind === 'iscsi' || d.kind === 'hba') && d.attach === 'new';
}

// ---------- device_config ----------

function nfsSplit(path: string): { server: string; serverpath: string } {
  const t = path.trim();
  const i = t.indexOf(':');
  return i < 0 ? { server: t, serverpath: '' } : { server: t.slice(0, i), serverpath: t.slice(i + 1) };
}

/** The SMB share as XenCenter sends it: backslashes. */
const smbServer = (path: string) => path.trim().replace(/\//g, '\\');

function smbIsoConfig(d: Draft): Record<string, string> {
  // CIFS_ISO: location //server/share, and the rest of the path as iso_path.
  const bits = d.smbPath.trim().replace(/\\/g, '/').replace(/\/+$/, '').split('/');
  const dc: Record<string, string> = { location: `//${bits[2] ?? ''}/${bits[3] ?? ''}`, type: 'cifs' };
  if (bits.length > 4) dc.iso_path = `/${bits.slice(4).join('/')}`;
  if (d.smbUser.trim()) { dc.username = d.smbUser; dc.cifspassword = d.smbPassword; }
  return dc;
}

const chap = (d: Draft): Record<string, string> => (d.useChap ? { chapuser: d.chapUser, chappassword: d.chapPassword } : {});

/** SR.probe's device_config for each scan of the Location page. */
export const probeConfig = {
  nfs: (d: Draft): Record<string, string> => ({ ...nfsSplit(d.nfsPath), options: d.nfsOptions, probeversion: '' }),
  smb: (d: Draft): Record<string, string> => ({
    server: smbServer(d.smbPath), ...(d.smbUser.trim() || d.smbPassword ? { username: d.smbUser, password: d.smbPassword } : {}),
  }),
  iqns: (d: Draft): Record<string, string> => ({ target: d.iscsiHost.trim(), port: d.iscsiPort.trim(), ...chap(d) }),
  luns: (d: Draft, iqn: IqnInfo): Record<string, string> => ({ target: iqn.address, port: String(iqn.port), targetIQN: iqn.targetIQN, ...chap(d) }),
  hba: (): Record<string, string> => ({}),
};

/** The device_config of the SR (XenCenter's DeviceConfig of each frontend); passwords stay in, main makes secrets of them. */
export function deviceConfig(d: Draft): Record<string, string> {
  switch (d.kind) {
    case 'nfs': return { ...nfsSplit(d.nfsPath), options: d.nfsOptions, ...(d.nfsVersion === '4' ? { nfsversion: '4' } : {}) };
    case 'smb': return probeConfig.smb(d);
    case 'iscsi': {
      if (!d.iqn || !d.lun) return {};
      const dc: Record<string, string> = { target: d.iqn.address, port: String(d.iqn.port), targetIQN: d.iqn.targetIQN };
      if (d.lun.lunId === -1) dc.LUNSerial = d.lun.serial; else dc.SCSIid = d.lun.scsiId;
      return { ...dc, ...chap(d) };
    }
    case 'hba': return d.device ? { SCSIid: d.device.scsiId } : {};
    case 'nfsIso': return { location: d.nfsPath.trim(), type: 'nfs_iso', ...(d.nfsVersion === '4' ? { nfsversion: '4' } : {}) };
    case 'smbIso': return smbIsoConfig(d);
    default: return {};
  }
}

/** XenCenter makes the first shared SR that is not an ISO library the pool's default (isFirstSharedNonISOSR). */
export function firstSharedSr(store: ObjectsView, connectionId: string): boolean {
  return !entries(store, connectionId, 'sr').some(([, s]) => s.shared === true && str(s.type) !== 'iso' && str(s.content_type) !== 'iso');
}

/** Finish's one request. */
export function toFinish(ctx: WizardContext, d: Draft): SrWizardFinish {
  const info = kindInfo(d.kind!);
  const description = d.autoDescription && !d.description.trim() ? autoDescription(d) : d.description;
  const base = { connectionId: ctx.connectionId, type: info.smType, contentType: info.contentType, name: d.name.trim(), description, deviceConfig: deviceConfig(d), setDefault: info.contentType !== 'iso' && d.setDefault };
  if (ctx.reattach) return { ...base, mode: 'reattach', srRef: ctx.reattach.ref };
  if (d.attach === 'existing' && d.existingUuid) return { ...base, mode: 'introduce', uuid: d.existingUuid };
  return { ...base, mode: 'create' };
}

/** The wizard kinds an SR of this type can be reattached as (XenCenter's MatchingFrontends). */
export function kindsForSrType(type: string): SrKind[] {
  switch (type) {
    case 'nfs': return ['nfs'];
    case 'smb': case 'cifs': return ['smb'];
    case 'lvmoiscsi': return ['iscsi'];
    case 'lvmohba': return ['hba'];
    case 'iso': return ['nfsIso', 'smbIso'];
    default: return [];
  }
}
