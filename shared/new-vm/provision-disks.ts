// A template's other_config "disks" (SEMANTICS.md 3.5):
//   <provision><disk device="0" size="<bytes>" sr="<SR uuid>" bootable="true" type="system"/>…</provision>
// VM.provision creates one VDI + VBD per <disk> on the SR with that uuid (an unknown one fails with
// UUID_INVALID), so clients rewrite `sr` (and `size`, when the user changed it) before calling it.
import { elementsNamed, setAttrs } from './xml-attrs';

export interface ProvisionDisk {
  device: string;
  /** Bytes. */
  size: number;
  /** SR uuid; "" in templates as shipped. */
  sr: string;
  bootable: boolean;
  type: string;
}

export function parseProvisionDisks(xml: string | undefined): ProvisionDisk[] {
  if (!xml) return [];
  return elementsNamed(xml, 'disk').map(({ attrs }) => ({
    device: attrs.device ?? '',
    size: Number.isFinite(Number(attrs.size)) ? Number(attrs.size) : 0,
    sr: attrs.sr ?? '',
    bootable: attrs.bootable === 'true',
    type: attrs.type ?? 'system',
  }));
}

export interface DiskChange { sr: string; size: number }

/**
 * The document with each <disk>'s sr and size replaced from `changes` (by device). Every disk
 * must have a change: a disk left with the template's sr="" would land on whatever the server
 * takes as default, which is not what the user was shown.
 */
export function rewriteProvisionDisks(xml: string, changes: Record<string, DiskChange>): string {
  const disks = elementsNamed(xml, 'disk');
  let out = '';
  let at = 0;
  for (const d of disks) {
    const device = d.attrs.device ?? '';
    const change = Object.prototype.hasOwnProperty.call(changes, device) ? changes[device] : undefined;
    if (!change) throw new Error(`No storage was chosen for disk ${device || '(no device)'}`);
    out += xml.slice(at, d.start) + setAttrs(xml.slice(d.start, d.start + d.length), { sr: change.sr, size: String(Math.round(change.size)) });
    at = d.start + d.length;
  }
  return out + xml.slice(at);
}

/**
 * The name XenCenter gives a disk the New VM wizard provisions (Page_Storage: "{VM name} {device}",
 * described "Created by template provisioner"); XAPI names them only by device ("0").
 */
export function provisionedDiskName(vmName: string, device: string): string {
  return `${vmName} ${device}`;
}
export const PROVISIONED_DISK_DESCRIPTION = 'Created by template provisioner';
