// The storage a simulated pool can reach, as the disks themselves would hold it: one demo server,
// `storage.demo` (192.0.2.10), with NFS exports, SMB shares and an iSCSI target, and the Fibre
// Channel LUNs every simulated host sees through its HBA. It remembers which SR (by uuid) lives on
// each export, share and LUN: SR.forget leaves an SR there for SR.probe to find again, SR.destroy
// removes it, SR.create on a LUN that holds one overwrites it. Any other server name does not
// resolve, any other address does not answer (sm-backends.ts turns that into sm's errors).
// One per simulator, made on first use and seeded then from the SRs its database already keeps there.
import type { Db } from './db';
import type { Rec } from './fields';

const MiB = 1024 ** 2, GiB = 1024 ** 3, TiB = 1024 ** 4;

export const DEMO_SERVER = 'storage.demo';
/** From TEST-NET-1 (RFC 5737): an address that is nobody's in real life. */
export const DEMO_ADDRESS = '192.0.2.10';
export const DEMO_IQN = 'iqn.2026-01.demo:storage';
export const ISCSI_PORT = 3260;

export interface IsoImage { name: string; size: number }
/** An NFS export or SMB share: a file system with SR directories (uuid → size) and ISO files. */
export interface FileShare { path: string; size: number; used: number; isos: IsoImage[]; srs: Map<string, number> }
export interface Lun { id: number; size: number; scsiId: string; serial: string; vendor: string; sr?: string }
/** A Fibre Channel LUN as devscan sees it on each host (SCSI address host:channel:id:lun). */
export interface HbaLun extends Lun { path: string; adapter: number; channel: number; target: number; hba: string }
export interface IscsiTarget { iqn: string; port: number; chap?: { user: string; password: string }; luns: Lun[] }
/** What a connection to a server name finds: our server, no DNS answer, or nobody listening. */
export type Reach = 'ours' | 'unresolvable' | 'silent';

const isIpLiteral = (s: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || /^\[?[0-9a-f:]+\]?$/i.test(s) && s.includes(':');

const share = (path: string, size: number, used: number, isos: IsoImage[] = []): FileShare => ({ path, size, used, isos, srs: new Map() });

/** The demo's ISO images (the /iso export and the //storage.demo/iso share hold the same files). */
export const DEMO_ISOS: IsoImage[] = [
  { name: 'debian-12.7.0-amd64-netinst.iso', size: 661 * MiB },
  { name: 'ubuntu-24.04-live-server-amd64.iso', size: 2688 * MiB },
  { name: 'Win2022_EVAL.iso', size: 4946 * MiB },
  { name: 'xcp-ng-8.3.0.iso', size: 602 * MiB },
];

export class StorageServer {
  readonly name = DEMO_SERVER;
  readonly address = DEMO_ADDRESS;
  /** NFS exports by path. */
  readonly nfs = new Map<string, FileShare>([
    ['/vms', share('/vms', 8000 * GiB, 1200 * GiB)],
    ['/iso', share('/iso', 500 * GiB, 0, DEMO_ISOS)],
  ]);
  /** SMB shares by name (lower case, as Windows compares them). */
  readonly smb = new Map<string, FileShare>([
    ['vms', share('vms', 4000 * GiB, 300 * GiB)],
    ['iso', share('iso', 500 * GiB, 0, DEMO_ISOS)],
  ]);
  /** No CHAP: a login with any CHAP credentials fails, as a target without CHAP configured refuses them. */
  readonly iscsi: IscsiTarget = {
    iqn: DEMO_IQN, port: ISCSI_PORT,
    luns: [
      { id: 0, size: 100 * GiB, vendor: 'LIO-ORG', serial: '4f1a2b3c5d6e4f708192a3b4c5d6e7f8', scsiId: '360014054f1a2b3c5d6e4f708192a3b4c' },
      { id: 1, size: 500 * GiB, vendor: 'LIO-ORG', serial: '9e8d7c6b5a494837a6b5c4d3e2f1a0b9', scsiId: '360014059e8d7c6b5a494837a6b5c4d3e' },
    ],
  };
  /** The FC array behind every host's HBA (host3, qla2xxx). */
  readonly hba: HbaLun[] = [
    { id: 0, size: 200 * GiB, vendor: 'NETAPP', serial: '80ScGq5Ep0aA', scsiId: '3600a098038303053453f463045727a30', path: '/dev/sdc', adapter: 3, channel: 0, target: 0, hba: 'qla2xxx' },
    { id: 1, size: 1 * TiB, vendor: 'NETAPP', serial: '80ScGq5Ep0aB', scsiId: '3600a098038303053453f463045727a31', path: '/dev/sdd', adapter: 3, channel: 0, target: 0, hba: 'qla2xxx' },
  ];

  /** Whether `server` names this server (its name, any letter case, or its address). */
  is(server: string): boolean {
    const s = server.trim().toLowerCase();
    return s === DEMO_SERVER || s === DEMO_ADDRESS;
  }

  reach(server: string): Reach {
    if (this.is(server)) return 'ours';
    return isIpLiteral(server.trim()) ? 'silent' : 'unresolvable';
  }

  /** The export mounted for `serverpath` (trailing slashes ignored; a subdirectory does not exist). */
  nfsExport(serverpath: string): FileShare | undefined {
    return this.nfs.get(serverpath.replace(/\/+$/, '') || '/');
  }

  smbShare(name: string): FileShare | undefined {
    return this.smb.get(name.toLowerCase());
  }

  lun(scsiId: string): Lun | undefined {
    return this.iscsi.luns.find((l) => l.scsiId === scsiId) ?? this.hba.find((l) => l.scsiId === scsiId);
  }

  /** Where the SR `uuid` lives goes away (SR.destroy: the backend deletes its directory or volume group). */
  remove(uuid: string): void {
    for (const s of [...this.nfs.values(), ...this.smb.values()]) s.srs.delete(uuid);
    for (const l of [...this.iscsi.luns, ...this.hba]) if (l.sr === uuid) delete l.sr;
  }

  /** Takes note of SRs already in `db` whose PBDs point here (the demo pool's, or a dump's). */
  seed(db: Db): void {
    for (const row of db.table('SR').values()) {
      const sr = row.rec;
      const dc = ((sr.PBDs as string[]) ?? []).map((p) => db.get('PBD', p)?.device_config as Rec | undefined).find((d) => d) ?? {};
      const uuid = String(sr.uuid);
      const size = Number(sr.physical_size);
      const at = this.locate(String(sr.type), dc);
      if (at?.share) at.share.srs.set(uuid, size);
      if (at?.lun) at.lun.sr = uuid;
    }
  }

  /** The export/share or LUN a device_config of `type` names here, if any. */
  locate(type: string, dc: Rec): { share?: FileShare; lun?: Lun } | undefined {
    const str = (k: string) => (typeof dc[k] === 'string' ? dc[k] : '');
    if (type === 'nfs' && this.is(str('server'))) return { share: this.nfsExport(str('serverpath')) };
    if ((type === 'smb' || type === 'cifs')) {
      const unc = parseUnc(str('server'));
      if (unc && this.is(unc.server)) return { share: this.smbShare(unc.share) };
    }
    if (str('SCSIid')) return { lun: this.lun(str('SCSIid')) };
    return undefined;
  }
}

/** `//server/share[/path]` or `\\server\share[\path]` → its parts. */
export function parseUnc(s: string): { server: string; share: string; path: string } | undefined {
  const m = /^(?:\/\/|\\\\)([^/\\]+)[/\\]([^/\\]+)(.*)$/.exec(s.trim());
  return m ? { server: m[1], share: m[2], path: m[3].replace(/\\/g, '/') } : undefined;
}

const servers = new WeakMap<object, StorageServer>();

/** The storage server seen by the simulator whose database is `db` (made and seeded on first use). */
export function storageOf(db: Db): StorageServer {
  let s = servers.get(db);
  if (!s) {
    s = new StorageServer();
    s.seed(db);
    servers.set(db, s);
  }
  return s;
}
