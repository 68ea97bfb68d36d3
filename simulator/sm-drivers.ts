// The SM records a server lists: one per storage driver it has, with sm's DRIVER_INFO (capabilities)
// and xapi's features map made from them ("NAME" → 1, "NAME/2" → 2). Clients read them to know what an
// SR's type can do (XenCenter's SR.SupportsTrim: features has SR_TRIM; SupportsVdiCreate: VDI_CREATE).
// Capabilities as in the xapi-project/sm drivers (EXTSR, LVHDSR and its iSCSI/HBA children, NFSSR,
// ISOSR, SMBSR, udevSR).
import type { Db } from './db';

const FILE_CAPS = ['SR_PROBE', 'SR_UPDATE', 'SR_SUPPORTS_LOCAL_CACHING', 'VDI_CREATE', 'VDI_DELETE', 'VDI_ATTACH', 'VDI_DETACH',
  'VDI_UPDATE', 'VDI_CLONE', 'VDI_SNAPSHOT', 'VDI_RESIZE', 'VDI_MIRROR', 'VDI_GENERATE_CONFIG', 'VDI_RESET_ON_BOOT/2', 'ATOMIC_PAUSE',
  'VDI_CONFIG_CBT', 'VDI_ACTIVATE', 'VDI_DEACTIVATE', 'THIN_PROVISIONING', 'VDI_READ_CACHING'];
const LVHD_CAPS = ['SR_PROBE', 'SR_UPDATE', 'SR_TRIM', 'VDI_CREATE', 'VDI_DELETE', 'VDI_ATTACH', 'VDI_DETACH', 'VDI_MIRROR', 'VDI_CLONE',
  'VDI_SNAPSHOT', 'VDI_RESIZE', 'ATOMIC_PAUSE', 'VDI_RESET_ON_BOOT/2', 'VDI_UPDATE', 'VDI_CONFIG_CBT', 'VDI_ACTIVATE', 'VDI_DEACTIVATE'];
const ISO_CAPS = ['VDI_CREATE', 'VDI_DELETE', 'VDI_ATTACH', 'VDI_DETACH', 'SR_SCAN', 'SR_ATTACH', 'SR_DETACH'];

export const SM_DRIVERS: ReadonlyArray<{ type: string; name: string; description: string; capabilities: string[]; configuration: Record<string, string> }> = [
  { type: 'ext', name: 'Local EXT3 VHD', description: 'SR plugin which represents disks as VHD files stored on a local EXT3 filesystem, created inside an LVM volume', capabilities: FILE_CAPS, configuration: { device: 'local device path (required) (e.g. /dev/sda3)' } },
  { type: 'lvm', name: 'Local VHD on LVM', description: 'SR plugin which represents disks as VHD disks on Logical Volumes within a locally-attached Volume Group', capabilities: LVHD_CAPS, configuration: { device: 'local device path (required) (e.g. /dev/sda3)' } },
  { type: 'lvmoiscsi', name: 'LVHD over iSCSI', description: 'SR plugin which represents disks as Logical Volumes within a Volume Group created on an iSCSI LUN', capabilities: LVHD_CAPS, configuration: { target: 'IP address or hostname of the iSCSI target', targetIQN: 'The IQN of the target LUN group to be attached', SCSIid: 'The scsi_id of the destination LUN' } },
  { type: 'lvmohba', name: 'LVHD over FC', description: 'SR plugin which represents disks as VHDs on Logical Volumes within a Volume Group created on an HBA LUN, e.g. hardware-based iSCSI or FC support', capabilities: LVHD_CAPS, configuration: { SCSIid: 'The scsi_id of the destination LUN' } },
  { type: 'nfs', name: 'NFS VHD', description: 'SR plugin which stores disks as VHD files on a remote NFS filesystem', capabilities: FILE_CAPS.filter((c) => c !== 'SR_SUPPORTS_LOCAL_CACHING').concat('SR_METADATA', 'SR_CACHING'), configuration: { server: 'hostname or IP address of NFS server (required)', serverpath: 'path on remote server (required)' } },
  { type: 'smb', name: 'SMB VHD', description: 'SR plugin which stores disks as VHD files on a remote SMB filesystem', capabilities: FILE_CAPS.filter((c) => c !== 'SR_SUPPORTS_LOCAL_CACHING').concat('SR_CACHING'), configuration: { server: 'path of the share, e.g. //server/share (required)', username: 'user name', password: 'password' } },
  { type: 'iso', name: 'ISO', description: 'Handles CD images stored as files in iso format', capabilities: ISO_CAPS, configuration: { location: 'path to mount (required)', type: 'cifs or nfs_iso' } },
  { type: 'udev', name: 'Local Device Passthrough', description: 'SR plugin to represent removable devices, such as CD-ROMs and USB disks', capabilities: ['VDI_ATTACH', 'VDI_DETACH', 'VDI_UPDATE', 'SR_UPDATE'], configuration: { location: 'path to mount (required)' } },
];

/** xapi's SM.features: each capability with its version (1 unless "NAME/n"). */
export const smFeatures = (caps: readonly string[]): Record<string, number> =>
  Object.fromEntries(caps.map((c) => { const [n, v] = c.split('/'); return [n, v ? Number(v) : 1]; }));

/** Adds the SM records (once per type) to a database. */
export function addSmDrivers(db: Db): void {
  const have = new Set([...db.table('SM').values()].map((r) => r.rec.type));
  for (const d of SM_DRIVERS) {
    if (have.has(d.type)) continue;
    db.create('SM', {
      name_label: d.name, name_description: d.description, type: d.type, vendor: 'Citrix Systems Inc', copyright: '(C) 2008 Citrix Systems Inc',
      version: '1.0', required_api_version: '1.0', configuration: d.configuration, capabilities: d.capabilities.map((c) => c.split('/')[0]),
      features: smFeatures(d.capabilities), other_config: {}, driver_filename: `/opt/xensource/sm/${d.type.toUpperCase()}SR`, required_cluster_stack: [],
    });
  }
}
