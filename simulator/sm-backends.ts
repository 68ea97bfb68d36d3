// The SMAPIv1 storage drivers (xapi-project/sm: NFSSR, SMBSR, ISOSR, BaseISCSI + LVHDoISCSISR,
// LVHDoHBASR + devscan) as they answer SR.probe and SR.create against storage-server.ts: the
// same checks in the same order, the same XML (Python minidom's toprettyxml()), the same errors.
// A driver's failure reaches the client as xapi makes it (sm_exec.ml): SR_BACKEND_FAILURE_<n>
// ["", text from XE_SR_ERRORCODES.xml (+ " [opterr=…]"), what the driver printed on stderr], where
// stderr carries the XML of choices (NFS exports, iSCSI IQNs and LUNs, HBA devices); fault 16
// (SRInUse) becomes SR_DEVICE_IN_USE []. Where sm needs a host's network or disks, the simulator's
// hosts see storage.demo and nothing else.
import type { Db } from './db';
import type { Rec } from './fields';
import { ISCSI_PORT, parseUnc, storageOf, type FileShare, type IsoImage, type Lun, type StorageServer } from './storage-server';
import { XapiError } from './xapi-error';

const MiB = 1024 ** 2;

/** sm's XE_SR_ERRORCODES.xml: name → [value, description]. */
const SM_ERRORS = {
  SRInUse: [16, 'The SR device is currently in use'],
  InvalidDev: [19, 'No such device'],
  SRUnavailable: [47, 'The SR is not available'],
  ISCSILogin: [68, 'ISCSI login failed - check access settings for the initiator on the storage, if CHAP is used verify CHAP credentials'],
  NFSMount: [73, 'NFS mount error'],
  ISCSIDiscovery: [83, 'ISCSI discovery failed'],
  ConfigDeviceMissing: [90, 'The request is missing the device parameter'],
  ConfigLocationMissing: [94, 'The request is missing the location parameter'],
  ConfigTargetMissing: [95, 'The request is missing the target parameter'],
  ConfigTargetIQNMissing: [96, 'The request is missing or has an incorrect target IQN parameter'],
  ConfigServerPathMissing: [101, 'The request is missing the serverpath parameter'],
  ConfigServerMissing: [102, 'The request is missing the server parameter'],
  ConfigSCSIid: [107, 'The SCSIid parameter is missing or incorrect'],
  NFSTarget: [108, 'Unable to detect an NFS service on this target.'],
  SMBMount: [111, 'SMB mount error'],
  DNSError: [140, 'Incorrect DNS name, unable to resolve.'],
  ISCSITarget: [141, 'Unable to connect to ISCSI service on target'],
  ISCSIPort: [142, 'Incorrect value for iSCSI port, must be a number between 1 and 65535'],
  ISOMountFailure: [222, 'Could not mount the directory specified in Device Configuration'],
  ISOLocationStringError: [225, 'Incorrect Location string format. String must be in the format SERVER:PATH for NFS targets, or \\\\SERVER\\PATH for CIFS targets'],
} as const satisfies Record<string, readonly [number, string]>;
export type SmErrorName = keyof typeof SM_ERRORS;

/** xs_errors.XenError(name, opterr) as xapi reports it, with what the driver printed on stderr. */
export function smError(name: SmErrorName, opterr?: string, stderr = ''): XapiError {
  const [code, text] = SM_ERRORS[name];
  if (code === 16) return new XapiError('SR_DEVICE_IN_USE', []);
  return new XapiError(`SR_BACKEND_FAILURE_${code}`, ['', opterr === undefined ? text : `${text} [opterr=${opterr}]`, stderr]);
}

// ---------- XML as Python's xml.dom.minidom Document.toprettyxml() writes it ----------
type XmlNode = [tag: string, content: XmlNode[] | string | number];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/>/g, '&gt;');
function render([tag, content]: XmlNode, depth: number): string {
  const ind = '\t'.repeat(depth);
  if (!Array.isArray(content)) return `${ind}<${tag}>${esc(String(content))}</${tag}>\n`;
  if (!content.length) return `${ind}<${tag}/>\n`;
  return `${ind}<${tag}>\n${content.map((c) => render(c, depth + 1)).join('')}${ind}</${tag}>\n`;
}
export const prettyXml = (root: XmlNode): string => `<?xml version="1.0" ?>\n${render(root, 0)}`;

// ---------- the XML documents ----------
/** nfs.scan_exports: showmount -e of the server. */
const exportsXml = (server: string, s: StorageServer) =>
  prettyXml(['nfs-exports', [...s.nfs.values()].map((e): XmlNode => ['Export', [['Target', server], ['Path', e.path], ['Accesslist', '*']]])]);

/** nfs.scan_srlist / util.SRtoXML: the SR directories (uuids) on a mounted export or share. */
function fileSrList(share: FileShare, versions?: string[]): string {
  const srs = [...share.srs.keys()].map((uuid): XmlNode => ['SR', [['UUID', uuid]]]);
  return prettyXml(['SRlist', versions ? [...srs, ['SupportedVersions', versions.map((v): XmlNode => ['Version', v])]] : srs]);
}

/** BaseISCSI.print_entries: the discovered portals, then the catch-all "*" entry _scan_IQNs adds. */
function iqnsXml(s: StorageServer, targetlist: string, port: number): string {
  const entry = (i: number, addr: string, iqn: string): XmlNode =>
    ['TGT', [['Index', i], ['IPAddress', addr], ...(port !== ISCSI_PORT ? [['Port', port] as XmlNode] : []), ['TargetIQN', iqn]]];
  return prettyXml(['iscsi-target-iqns', [entry(0, s.address, s.iscsi.iqn), entry(1, targetlist, '*')]]);
}

/** LVHDoISCSISR.print_LUNs_XML. */
const lunsXml = (luns: Lun[]) => prettyXml(['iscsi-target', luns.map((l): XmlNode =>
  ['LUN', [['vendor', l.vendor], ['serial', l.serial], ['LUNid', l.id], ['size', l.size], ['SCSIid', l.scsiId]]])]);

/** devscan.scan: the free FC LUNs, then the adapters. */
function devlistXml(db: Db, s: StorageServer): string {
  const devs = s.hba.filter((l) => !scsiIdInUse(db, l.scsiId)).map((l): XmlNode => ['BlockDevice', [
    ['path', l.path], ['numpaths', 1], ['SCSIid', l.scsiId], ['vendor', l.vendor], ['serial', l.serial], ['size', l.size],
    ['adapter', l.adapter], ['channel', l.channel], ['id', l.target], ['lun', l.id], ['hba', l.hba]]]);
  const adapter: XmlNode = ['Adapter', [['host', 'host3'], ['name', 'qla2xxx'], ['manufacturer', 'QLogic Fibre Channel HBA Driver'], ['id', 3],
    ['fc_host', [['node_name', '0x20000024ff4a6b2c'], ['port_name', '0x21000024ff4a6b2c'], ['port_state', 'Online'], ['speed', '16 Gbit'], ['supported_speeds', '4 Gbit, 8 Gbit, 16 Gbit']]]]];
  return prettyXml(['Devlist', [...devs, adapter]]);
}

/** lvutil.srlist_toxml: the volume group on the LUN, if it holds one. */
const lvmSrList = (lun: Lun) => prettyXml(['SRlist', lun.sr
  ? [['SR', [['UUID', lun.sr], ['Devlist', `/dev/disk/by-id/scsi-${lun.scsiId}`], ['size', vgSize(lun)]]]] : []]);
/** The volume group's size: the LUN less its LVM metadata area. */
const vgSize = (lun: Lun) => lun.size - 4 * MiB;

/** util.test_SCSIid: a PBD (or SR sm_config) of this pool already uses the LUN. */
function scsiIdInUse(db: Db, scsiId: string, exceptSr?: string): boolean {
  for (const row of db.table('PBD').values()) {
    if (row.rec.SR === exceptSr) continue;
    const dc = (row.rec.device_config ?? {}) as Rec;
    const sm = (db.get('SR', String(row.rec.SR))?.sm_config ?? {}) as Rec;
    if (dc.SCSIid === scsiId || sm.SCSIid === scsiId || `scsi-${scsiId}` in sm) return true;
  }
  return false;
}

// ---------- the drivers ----------
const str = (dc: Rec, k: string) => (typeof dc[k] === 'string' ? dc[k] : '');
const nfsMountFailed = (server: string) => `mount failed on server \`${server}\` with return code 32`;

/** What SR.create leaves: sizes, the SR's sm_config additions, the ISO images its scan will find. */
export interface Created { physicalSize: number; physicalUtilisation: number; smConfig: Rec; isos?: IsoImage[] }

/** NFSSR: _testHost(server, 2049), validate_remotepath (prints the exports), check_server, mount. */
function nfs(db: Db, dc: Rec): { s: StorageServer; share: FileShare; server: string } {
  const s = storageOf(db);
  const server = str(dc, 'server');
  if (!server) throw smError('ConfigServerMissing');
  const reach = s.reach(server);
  if (reach === 'unresolvable') throw smError('DNSError');
  if (reach === 'silent') throw smError('NFSTarget');
  if (!('serverpath' in dc)) throw smError('ConfigServerPathMissing', undefined, exportsXml(server, s));
  const share = s.nfsExport(str(dc, 'serverpath'));
  if (!share) throw smError('NFSMount', nfsMountFailed(server));
  return { s, share, server };
}

/** SMBSR: mount.cifs of the share (//server/share or \\server\share); any failure is SMBMount. */
function smb(db: Db, dc: Rec): FileShare {
  const s = storageOf(db);
  const server = str(dc, 'server');
  if (!server) throw smError('ConfigServerMissing');
  const unc = parseUnc(server);
  const share = unc && s.is(unc.server) ? s.smbShare(unc.share) : undefined;
  if (!share) throw smError('SMBMount', 'mount failed with return code 32');
  return share;
}

/** ISOSR: load (location, _checkTargetStr), attach (the NFS server check, then the mount). */
function iso(db: Db, dc: Rec): FileShare {
  const s = storageOf(db);
  const location = str(dc, 'location');
  if (!('location' in dc)) throw smError('ConfigLocationMissing');
  const type = str(dc, 'type');
  const protocol = type || (location.includes(':/') ? 'nfs_iso' : 'cifs');
  if (protocol === 'cifs') {
    const unc = parseUnc(location);
    if (type && !unc) throw smError('ISOLocationStringError');
    if (unc && s.reach(unc.server) === 'unresolvable') {
      if (type) throw smError('DNSError');
      throw smError('ISOMountFailure', `mount error: could not resolve address for ${unc.server}: Unknown error`);
    }
    if (!unc || !s.is(unc.server)) throw smError('ISOMountFailure', `mount error(113): could not connect to ${unc?.server ?? location}`);
    const share = s.smbShare(unc.share);
    if (!share) throw smError('ISOMountFailure', 'mount error(2): No such file or directory');
    return share;
  }
  if (!location.includes(':')) throw smError('ISOLocationStringError');
  const i = location.indexOf(':');
  const server = location.slice(0, i), path = location.slice(i + 1);
  const reach = s.reach(server);
  if (reach === 'unresolvable') throw smError('DNSError');
  if (reach === 'silent') throw smError('NFSTarget');
  const share = s.nfsExport(path);
  if (!share) throw smError('ISOMountFailure', nfsMountFailed(server));
  return share;
}

/** BaseISCSI.load and the discovery/login of attach; LVHDoISCSISR.load's LUN listing. */
function iscsi(db: Db, dc: Rec): { s: StorageServer; lun: Lun } {
  const s = storageOf(db);
  const targets = str(dc, 'target');
  if (!targets) throw smError('ConfigTargetMissing');
  const target = targets.split(',')[0];
  const reach = s.reach(target);
  if (reach === 'unresolvable') throw smError('DNSError');
  let port = ISCSI_PORT;
  if (str(dc, 'port')) {
    port = Number(str(dc, 'port'));
    if (!Number.isInteger(port)) throw smError('ISCSIPort');
  }
  if (port > 65535 || port < 1) throw smError('ISCSIPort');
  // _testHost(target, port) and then iscsiadm discovery, with CHAP when both user and password are given.
  const connect = () => {
    if (reach !== 'ours' || port !== s.iscsi.port) throw smError('ISCSITarget');
    const chap = str(dc, 'chapuser') && (str(dc, 'chappassword') || str(dc, 'chappassword_secret'));
    const want = s.iscsi.chap;
    if (want ? !chap || str(dc, 'chapuser') !== want.user || str(dc, 'chappassword') !== want.password : chap) throw smError('ISCSILogin');
  };
  const iqn = str(dc, 'targetIQN');
  if (!iqn) {
    connect();
    throw smError('ConfigTargetIQNMissing', undefined, iqnsXml(s, targets, port));
  }
  connect();
  // Discovery filtered by an IQN the target does not have finds nothing: attach prints the IQNs and fails.
  if (iqn !== s.iscsi.iqn && iqn !== '*') throw smError('ISCSIDiscovery', 'check target settings', iqnsXml(s, targets, port));
  if (!str(dc, 'SCSIid')) throw smError('ConfigSCSIid', undefined, lunsXml(s.iscsi.luns));
  const lun = s.iscsi.luns.find((l) => l.scsiId === str(dc, 'SCSIid'));
  if (!lun) throw smError('ConfigSCSIid');
  return { s, lun };
}

/** LVHDoHBASR.load: without a SCSIid it prints devscan's Devlist (LUNs not in use by this pool). */
function hba(db: Db, dc: Rec): Lun {
  const s = storageOf(db);
  if (!str(dc, 'SCSIid')) throw smError('ConfigSCSIid', undefined, devlistXml(db, s));
  const lun = s.hba.find((l) => l.scsiId === str(dc, 'SCSIid'));
  if (!lun) throw smError('InvalidDev');
  return lun;
}

const LOCAL_DISK_TYPES = new Set(['ext', 'lvm', 'xfs', 'zfs', 'largeblock']);

/** SR.probe of an SMAPIv1 driver: the XML it returns, or its error. undefined: no driver modelled here. */
export function smProbe(db: Db, type: string, dc: Rec): string | undefined {
  switch (type) {
    case 'nfs': {
      const { share } = nfs(db, dc);
      return fileSrList(share, 'probeversion' in dc ? ['3', '4'] : undefined);
    }
    case 'smb': case 'cifs': return fileSrList(smb(db, dc));
    case 'iso': case 'udev':
      // Sm.sr_probe: the driver lacks the SR_PROBE capability.
      throw new XapiError('SR_BACKEND_FAILURE', ["Operation 'sr_probe' not supported by this SR type", '', '']);
    case 'lvmoiscsi': return lvmSrList(iscsi(db, dc).lun);
    case 'lvmohba': case 'lvmofcoe': return lvmSrList(hba(db, dc));
    default:
      if (LOCAL_DISK_TYPES.has(type) && !str(dc, 'device')) throw smError('ConfigDeviceMissing');
      return undefined;
  }
}

/** SR.create's backend step for the SR `uuid` (its PBDs already exist, so its own do not count as
 * users of a LUN). Remembers where the SR now lives. undefined: no driver modelled here. */
export function smCreate(db: Db, type: string, dc: Rec, uuid: string, srRef: string): Created | undefined {
  switch (type) {
    case 'nfs': case 'smb': case 'cifs': {
      const share = type === 'nfs' ? nfs(db, dc).share : smb(db, dc);
      share.srs.set(uuid, share.size);
      return { physicalSize: share.size, physicalUtilisation: 0, smConfig: {} };
    }
    case 'iso': {
      const share = iso(db, dc);
      const used = share.isos.reduce((n, f) => n + f.size, 0);
      return { physicalSize: share.size, physicalUtilisation: used, smConfig: str(dc, 'type') ? { iso_type: str(dc, 'type') } : {}, isos: share.isos };
    }
    case 'lvmoiscsi': case 'lvmohba': case 'lvmofcoe': {
      const lun = type === 'lvmoiscsi' ? iscsi(db, dc).lun : hba(db, dc);
      if (scsiIdInUse(db, lun.scsiId, srRef)) throw smError('SRInUse');
      // lvutil.createVG over whatever the LUN held: an SR forgotten there is gone.
      lun.sr = uuid;
      const devserial = `scsi-${lun.scsiId}`;
      return { physicalSize: vgSize(lun), physicalUtilisation: 4 * MiB, smConfig: { allocation: 'thick', use_vhd: 'true', devserial, multipathable: 'true' } };
    }
    default:
      if (LOCAL_DISK_TYPES.has(type) && !str(dc, 'device')) throw smError('ConfigDeviceMissing');
      return undefined;
  }
}

/** SR.destroy's backend step: the SR's directory or volume group is deleted. */
export function smDestroy(db: Db, uuid: string): void {
  storageOf(db).remove(uuid);
}

/** The ISO images an ISO SR with this device_config sees (SR.scan), undefined when not ours. */
export function smIsoImages(db: Db, dc: Rec): IsoImage[] | undefined {
  try { return iso(db, dc).isos; } catch { return undefined; }
}

/** API probe_result (SR.probe_ext). `sr` is absent when None. */
export interface ProbeResult { configuration: Rec; complete: boolean; sr?: Rec; extra_info: Rec }

/** SR.probe_ext: only SMAPIv3 volume plugins answer (here gfs2, as XenCenter's Gfs2Populate*
 * actions read it); xapi refuses SMAPIv1 drivers' raw XML with SR_OPERATION_NOT_SUPPORTED [].
 * The gfs2 plugin's own failures are approximated: a target that does not answer lists nothing. */
export function smProbeExt(db: Db, type: string, dc: Rec): ProbeResult[] {
  if (type !== 'gfs2') throw new XapiError('SR_OPERATION_NOT_SUPPORTED', []);
  const s = storageOf(db);
  const provider = str(dc, 'provider');
  const cfg = (extra: Rec): Rec => Object.fromEntries(Object.entries({ ...dc, ...extra }).map(([k, v]) => [k, String(v)]));
  const lunInfo = (l: Lun): Rec => ({ LUNid: String(l.id), vendor: l.vendor, serial: l.serial, size: String(l.size) });
  if (provider === 'hba') {
    if (str(dc, 'SCSIid')) return [{ configuration: cfg({}), complete: true, extra_info: {} }];
    return s.hba.filter((l) => !scsiIdInUse(db, l.scsiId)).map((l) => ({ configuration: cfg({ SCSIid: l.scsiId }), complete: true, extra_info: { ...lunInfo(l), path: l.path } }));
  }
  if (provider !== 'iscsi') return [];
  const target = str(dc, 'target');
  if (!s.is(target) || (str(dc, 'port') && Number(str(dc, 'port')) !== s.iscsi.port)) return [];
  if (str(dc, 'chapuser') && !s.iscsi.chap) throw new XapiError('ISCSILogin', ['ISCSILogin', 'iscsiadm: Login failed to authenticate with target']);
  if (!str(dc, 'targetIQN')) return [{ configuration: cfg({ target: s.address, port: String(s.iscsi.port), targetIQN: s.iscsi.iqn }), complete: false, extra_info: {} }];
  if (str(dc, 'targetIQN') !== s.iscsi.iqn) return [];
  if (!str(dc, 'SCSIid')) return s.iscsi.luns.map((l) => ({ configuration: cfg({ SCSIid: l.scsiId }), complete: true, extra_info: lunInfo(l) }));
  return [{ configuration: cfg({}), complete: true, extra_info: {} }];
}

