// The XML storage backends answer SR.probe with (sm's SMAPIv1 drivers), read as XenCenter reads it:
// <SRlist> (SR.ParseSRListXML), <nfs-exports>, <SupportedVersions> (ParseSupportedVersionsListXML),
// <iscsi-target-iqns> (ISCSIPopulateIQNsAction), <iscsi-target> LUNs (ISCSIPopulateLunsAction) and
// <Devlist> block devices (FibreChannelProbeAction). The server is untrusted: the text is bounded,
// entries are capped, values cut, and anything that is not the expected shape is skipped.
// A small reader of flat elements, not a DOM: these documents are two levels deep.

/** The most text read, entries returned, and characters kept of a value. */
export const MAX_XML = 1024 * 1024;
export const MAX_ENTRIES = 1000;
const MAX_VALUE = 1024;

export interface SrInfo { uuid: string; size: number; name: string; description: string; aggregate: string; poolMetadataDetected: boolean }
export interface NfsExport { target: string; path: string; accessList: string }
export interface IqnInfo { index: number; address: string; port: number; targetIQN: string }
export interface LunInfo { lunId: number; scsiId: string; vendor: string; serial: string; size: number }
export interface BlockDevice { vendor: string; serial: string; path: string; scsiId: string; size: number; adapter: string; channel: string; id: string; lun: string }

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-z]{2,4});/g, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e] ?? m;
  }).trim().slice(0, MAX_VALUE);
}

const bounded = (xml: unknown): string => (typeof xml === 'string' ? xml.slice(0, MAX_XML) : '');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The inner text of each <tag>…</tag> (name matched case-insensitively), at most MAX_ENTRIES. */
function blocks(xml: string, tag: string): string[] {
  const re = new RegExp(`<${escapeRe(tag)}(?:\\s[^>]*)?>([\\s\\S]*?)</${escapeRe(tag)}\\s*>`, 'gi');
  const out: string[] = [];
  for (let m = re.exec(xml); m && out.length < MAX_ENTRIES; m = re.exec(xml)) out.push(m[1]);
  return out;
}

/** The leaf children of a block as lower-cased name → text (the first of each name). */
function fields(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /<([A-Za-z_][\w.-]{0,63})(?:\s[^>]*)?>([^<]*)<\/\1\s*>/g;
  let n = 0;
  for (let m = re.exec(block); m && n < 64; m = re.exec(block), n++) {
    const k = m[1].toLowerCase();
    if (!Object.hasOwn(out, k)) out[k] = decode(m[2]);
  }
  return out;
}

const int = (s: string | undefined, fallback: number): number => {
  if (s === undefined || !/^-?\d{1,19}$/.test(s)) return fallback;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : fallback;
};

/** The SRs a probe found (<SRlist><SR><UUID/><size/>…). Entries without a uuid are skipped. */
export function parseSrList(xml: unknown): SrInfo[] {
  return blocks(bounded(xml), 'SR').map(fields).filter((f) => /^[0-9a-fA-F-]{8,64}$/.test(f.uuid ?? '')).map((f) => ({
    uuid: f.uuid, size: Math.max(0, int(f.size, 0)), name: f.name_label ?? '', description: f.name_description ?? '',
    aggregate: f.aggregate ?? '', poolMetadataDetected: (f.pool_metadata_detected ?? '').toLowerCase() === 'true',
  }));
}

/** The NFS versions the server offers (<SupportedVersions><Version>3</Version>…), when the probe said. */
export function parseSupportedVersions(xml: unknown): string[] {
  const out: string[] = [];
  for (const b of blocks(bounded(xml), 'SupportedVersions')) {
    for (const v of blocks(b, 'Version')) { const t = decode(v); if (/^[\w.]{1,8}$/.test(t) && !out.includes(t)) out.push(t); }
  }
  return out;
}

/** The exports of an NFS server (<nfs-exports><Export><Target/><Path/><Accesslist/>). */
export function parseNfsExports(xml: unknown): NfsExport[] {
  return blocks(bounded(xml), 'Export').map(fields).filter((f) => (f.path ?? '').startsWith('/'))
    .map((f) => ({ target: f.target ?? '', path: f.path, accessList: f.accesslist ?? '' }));
}

/** Natural order ("lun2" before "lun10"), "*" last: XenCenter's IScsiIqnInfo order. */
function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });
}

/** The targets of an iSCSI portal (<iscsi-target-iqns><TGT><Index/><IPAddress/><TargetIQN/>), by IQN, "*" last. */
export function parseIqns(xml: unknown, defaultPort = 3260): IqnInfo[] {
  const list = blocks(bounded(xml), 'TGT').map(fields).filter((f) => !!f.targetiqn).map((f) => {
    const port = int(f.port, defaultPort);
    return { index: int(f.index, -1), address: f.ipaddress ?? '', port: port > 0 && port < 65536 ? port : defaultPort, targetIQN: f.targetiqn };
  });
  return list.sort((a, b) => (a.targetIQN === '*' ? 1 : 0) - (b.targetIQN === '*' ? 1 : 0) || naturalCompare(a.targetIQN, b.targetIQN));
}

/** The LUNs of an iSCSI target (<iscsi-target><LUN><LUNid/><SCSIid/><vendor/><serial/><size/>), by LUN id. */
export function parseLuns(xml: unknown): LunInfo[] {
  return blocks(bounded(xml), 'LUN').map(fields).filter((f) => !!f.scsiid || !!f.serial).map((f) => ({
    lunId: int(f.lunid, -1), scsiId: f.scsiid ?? '', vendor: f.vendor ?? '', serial: f.serial ?? '', size: int(f.size, -1),
  })).sort((a, b) => a.lunId - b.lunId);
}

/** Sizes of a block device as sm prints them: bytes, or with a kb/mb/gb suffix (FibreChannelDevice). */
function deviceSize(s: string | undefined): number {
  const m = /^(\d{1,19})\s*(kb|mb|gb)?$/i.exec((s ?? '').trim());
  if (!m) return -1;
  const n = Number(m[1]) * ({ kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? '').toLowerCase() as 'kb'] ?? 1);
  return Number.isSafeInteger(n) ? n : -1;
}

/** The LUNs an HBA sees (<Devlist><BlockDevice><vendor/><serial/><path/><SCSIid/><size/>…). */
export function parseDevlist(xml: unknown): BlockDevice[] {
  return blocks(bounded(xml), 'BlockDevice').map(fields).filter((f) => !!f.scsiid).map((f) => ({
    vendor: f.vendor ?? '', serial: f.serial ?? '', path: f.path ?? '', scsiId: f.scsiid, size: deviceSize(f.size),
    adapter: f.adapter ?? '', channel: f.channel ?? '', id: f.id ?? '', lun: f.lun ?? '',
  }));
}

/**
 * The XML of choices an incomplete probe fails with (sm: SR_BACKEND_FAILURE_<n> ["", text, xml]), or
 * undefined when the error carries none.
 */
export function choicesXml(err: { code?: unknown; params?: unknown }): string | undefined {
  if (typeof err.code !== 'string' || !err.code.startsWith('SR_BACKEND_FAILURE')) return undefined;
  const params = Array.isArray(err.params) ? err.params : [];
  const xml = params.find((p): p is string => typeof p === 'string' && p.trimStart().startsWith('<'));
  return xml === undefined ? undefined : bounded(xml);
}
