// XVA, the format of GET /export and PUT /import (WIRE.md "Other HTTP endpoints"): a POSIX (ustar)
// tar whose first member is `ova.xml`, an XML-RPC <value><struct> {version, objects: [{class, id:
// "Ref:N", snapshot: record}]}, followed per disk by 1 MiB chunks `Ref:N/00000000`… each followed
// by `Ref:N/00000000.checksum` (SHA-1 hex of the chunk), then the two zero blocks of tar EOF.
// The simulator has no disk contents: a disk's data is min(virtual_size, 2 MiB) rounded up to whole
// 1 MiB chunks, each zeros with a short text line naming the VDI and chunk (deterministic).
import { createHash } from 'node:crypto';
import { classInfo } from '../shared/xapi/model';
import { isNullRef } from './db';
import type { Rec } from './fields';
import { coerce } from './params';
import type { Sim } from './sim';
import { XapiError } from './xapi-error';
import { parseXml, toXml, valueOf } from './xmlrpc-codec';

const BLOCK = 512;
export const CHUNK = 1024 * 1024;
/** Data written per exported disk at most (keeps exports small and tests fast). */
export const MAX_DISK_DATA = 2 * CHUNK;
/** export_vsn written in ova.xml's version struct. */
export const EXPORT_VSN = 2;

// ---------- tar ----------
const octal = (n: number, width: number): string => `${Math.trunc(n).toString(8).padStart(width - 1, '0')}\0`;

/** One ustar header block for a regular file. */
export function tarHeader(name: string, size: number, mtime = Math.floor(Date.now() / 1000)): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar name too long: ${name}`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.fill(0x20, 148, 156);
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** A member: header, data, zero padding to the block size. */
export function tarMember(name: string, data: Buffer): Buffer[] {
  const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
  return [tarHeader(name, data.length), data, Buffer.alloc(pad)];
}

export const tarEof = (): Buffer => Buffer.alloc(2 * BLOCK);

export interface TarFile { name: string; data: Buffer }
export class TarError extends Error {
  constructor(readonly premature: boolean, message: string) { super(message); }
}

const cstr = (b: Buffer, off: number, len: number): string => {
  const s = b.subarray(off, off + len);
  const z = s.indexOf(0);
  return s.subarray(0, z < 0 ? len : z).toString('utf8');
};

/** Regular files of a tar image, in order. A zero block (or the end of the image at a block
 * boundary) ends it; a member cut short is a premature EOF. */
export function readTar(buf: Buffer): TarFile[] {
  const out: TarFile[] = [];
  let off = 0;
  while (off < buf.length) {
    if (off + BLOCK > buf.length) throw new TarError(true, 'truncated tar header');
    const h = buf.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
    const stored = parseInt(cstr(h, 148, 8).trim(), 8);
    if (stored !== sum) throw new TarError(false, `bad tar header checksum at offset ${off}`);
    const prefix = cstr(h, 257, 6) === 'ustar' ? cstr(h, 345, 155) : '';
    const name = prefix ? `${prefix}/${cstr(h, 0, 100)}` : cstr(h, 0, 100);
    const size = parseInt(cstr(h, 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) throw new TarError(false, `bad tar size for ${name}`);
    off += BLOCK;
    if (off + size > buf.length) throw new TarError(true, `${name} is cut short`);
    const type = h[156];
    if (type === 0 || type === 0x30) out.push({ name, data: buf.subarray(off, off + size) });
    off += Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}

export const sha1 = (b: Buffer): string => createHash('sha1').update(b).digest('hex');

// ---------- ova.xml ----------
export interface XvaObject { cls: string; id: string; snapshot: Rec }

function objectXml(o: XvaObject): string {
  return `<value><struct><member><name>class</name>${toXml(o.cls)}</member><member><name>id</name>${toXml(o.id)}</member>`
    + `<member><name>snapshot</name>${toXml(o.snapshot, `${o.cls} record`)}</member></struct></value>`;
}

export function apiVersion(sim: Sim): { major: number; minor: number } {
  const h = sim.db.get('host', sim.coordinator());
  return { major: Number(h?.API_version_major ?? 2), minor: Number(h?.API_version_minor ?? 21) };
}

function versionStruct(sim: Sim): Rec {
  const h = sim.db.get('host', sim.coordinator()) ?? {};
  const sw = (h.software_version ?? {}) as Record<string, string>;
  const { major, minor } = apiVersion(sim);
  return {
    hostname: String(h.hostname ?? h.name_label ?? 'localhost'), date: new Date().toISOString().slice(0, 10),
    product_version: sw.product_version ?? '8.2.1', product_brand: sw.product_brand ?? 'XCP-ng', build_number: sw.build_number ?? 'simulator',
    xapi_major: major, xapi_minor: minor, export_vsn: EXPORT_VSN,
  };
}

/** Replaces every exported object's ref by its "Ref:N" id inside a record (other refs stay). */
function rewriteRefs(rec: Rec, ids: Map<string, string>): Rec {
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') return ids.get(v) ?? v;
    if (Array.isArray(v)) return v.map(swap);
    return v;
  };
  const out: Rec = {};
  for (const [k, v] of Object.entries(rec)) out[k] = swap(v);
  return out;
}

/** The disk data of one exported VDI: whole 1 MiB chunks covering min(virtual_size, 2 MiB). */
export function diskChunks(vdi: Rec): Buffer[] {
  const n = Math.ceil(Math.min(Math.max(0, Number(vdi.virtual_size) || 0), MAX_DISK_DATA) / CHUNK);
  return Array.from({ length: n }, (_, k) => {
    const b = Buffer.alloc(CHUNK);
    b.write(`XAPI simulator disk ${String(vdi.uuid)} chunk ${k}\n`, 0, 'ascii');
    return b;
  });
}

/** The XVA of a VM as buffers to send in order: ova.xml, disk chunks + checksums, EOF. */
export function buildXva(sim: Sim, vmRef: string): Buffer[] {
  const { db } = sim;
  const vm = db.get('VM', vmRef)!;
  const ids = new Map<string, string>();
  const objects: { cls: string; ref: string; rec: Rec }[] = [];
  const add = (cls: string, ref: unknown) => {
    const r = String(ref);
    if (isNullRef(r) || ids.has(r)) return;
    const rec = db.get(cls, r);
    if (!rec) return;
    ids.set(r, `Ref:${ids.size}`);
    objects.push({ cls, ref: r, rec });
  };
  add('VM', vmRef);
  const vbds = ((vm.VBDs as string[]) ?? []).filter((b) => db.get('VBD', b));
  const vifs = ((vm.VIFs as string[]) ?? []).filter((v) => db.get('VIF', v));
  for (const b of vbds) add('VBD', b);
  for (const v of vifs) add('VIF', v);
  const disks: string[] = [];
  for (const b of vbds) {
    const r = db.get('VBD', b)!;
    if (r.empty === true || isNullRef(r.VDI) || !db.get('VDI', String(r.VDI))) continue;
    add('VDI', r.VDI);
    if (r.type === 'Disk' && !disks.includes(String(r.VDI))) disks.push(String(r.VDI));
  }
  for (const v of vifs) add('network', db.get('VIF', v)!.network);
  for (const o of [...objects]) if (o.cls === 'VDI') add('SR', o.rec.SR);
  const body = objects.map((o) => objectXml({ cls: o.cls, id: ids.get(o.ref)!, snapshot: rewriteRefs(o.rec, ids) })).join('');
  const ova = `<value><struct><member><name>version</name>${toXml(versionStruct(sim))}</member>`
    + `<member><name>objects</name><value><array><data>${body}</data></array></value></member></struct></value>`;
  const parts: Buffer[] = [...tarMember('ova.xml', Buffer.from(ova, 'utf8'))];
  for (const vdi of disks) {
    const id = ids.get(vdi)!;
    diskChunks(db.get('VDI', vdi)!).forEach((chunk, k) => {
      const name = `${id}/${String(k).padStart(8, '0')}`;
      parts.push(...tarMember(name, chunk), ...tarMember(`${name}.checksum`, Buffer.from(sha1(chunk), 'ascii')));
    });
  }
  parts.push(tarEof());
  return parts;
}

// ---------- reading an XVA ----------
export interface ParsedXva {
  version: Rec;
  objects: XvaObject[];
  /** Disk chunks per VDI id, by chunk index. */
  chunks: Map<string, Map<number, Buffer>>;
}

/** Typed record of a class from an ova.xml snapshot struct: fields the model knows, values that
 * coerce to their type (others dropped). */
export function typedRecord(cls: string, raw: Rec): Rec {
  const info = classInfo(cls);
  const out: Rec = {};
  for (const [k, v] of Object.entries(raw)) {
    const f = info?.fields.get(k);
    if (!f) continue;
    try { out[k] = coerce(f.type, v); } catch { /* a value of the wrong type is left out */ }
  }
  return out;
}

/** Parses and validates an XVA image; every failure is the import error xapi reports. */
export function parseXva(sim: Sim, buf: Buffer): ParsedXva {
  let files: TarFile[];
  try { files = readTar(buf); } catch (e) {
    if (e instanceof TarError && e.premature) throw new XapiError('IMPORT_ERROR_PREMATURE_EOF', []);
    throw new XapiError('IMPORT_ERROR', [String((e as Error).message)]);
  }
  if (files.length === 0) throw new XapiError('IMPORT_ERROR_PREMATURE_EOF', []);
  if (files[0].name !== 'ova.xml') throw new XapiError('IMPORT_ERROR_UNEXPECTED_FILE', ['ova.xml', files[0].name]);
  let top: unknown;
  try {
    const node = parseXml(files[0].data.toString('utf8')).children.find((c) => c.name === 'value');
    if (!node) throw new Error('no <value> element');
    top = valueOf(node);
  } catch (e) {
    throw new XapiError('IMPORT_ERROR', [`ova.xml: ${String((e as Error).message)}`]);
  }
  const t = top as Rec;
  if (!t || typeof t !== 'object' || Array.isArray(t) || typeof t.version !== 'object' || !Array.isArray(t.objects)) {
    throw new XapiError('IMPORT_ERROR', ['ova.xml: expected a struct with version and objects']);
  }
  const version = t.version as Rec;
  const ours = apiVersion(sim);
  const major = Number(version.xapi_major), minor = Number(version.xapi_minor);
  if (!Number.isFinite(major) || !Number.isFinite(minor)) throw new XapiError('IMPORT_ERROR', ['ova.xml: version lacks xapi_major/xapi_minor']);
  if (major > ours.major || (major === ours.major && minor > ours.minor) || Number(version.export_vsn ?? 0) > EXPORT_VSN) {
    throw new XapiError('IMPORT_INCOMPATIBLE_VERSION', []);
  }
  const objects: XvaObject[] = (t.objects as unknown[]).map((o) => {
    const r = o as Rec;
    if (!r || typeof r !== 'object' || typeof r.class !== 'string' || typeof r.id !== 'string' || typeof r.snapshot !== 'object' || r.snapshot === null) {
      throw new XapiError('IMPORT_ERROR', ['ova.xml: an object lacks class, id or snapshot']);
    }
    return { cls: r.class, id: r.id, snapshot: r.snapshot as Rec };
  });
  const vdiIds = new Set(objects.filter((o) => o.cls === 'VDI').map((o) => o.id));
  const chunks = new Map<string, Map<number, Buffer>>();
  let badChecksum = false;
  for (let i = 1; i < files.length; i++) {
    const f = files[i];
    const m = /^(.+)\/(\d{8})$/.exec(f.name);
    if (!m) throw new XapiError('IMPORT_ERROR_UNEXPECTED_FILE', ['Ref:N/00000000', f.name]);
    if (!vdiIds.has(m[1])) throw new XapiError('IMPORT_ERROR_FAILED_TO_FIND_OBJECT', [m[1]]);
    const sum = files[i + 1];
    if (!sum || sum.name !== `${f.name}.checksum`) throw new XapiError('IMPORT_ERROR_UNEXPECTED_FILE', [`${f.name}.checksum`, sum?.name ?? '']);
    if (sum.data.toString('ascii').trim().toLowerCase() !== sha1(f.data)) badChecksum = true;
    if (!chunks.has(m[1])) chunks.set(m[1], new Map());
    chunks.get(m[1])!.set(Number(m[2]), f.data);
    i++;
  }
  if (badChecksum) throw new XapiError('IMPORT_ERROR_SOME_CHECKSUMS_FAILED', []);
  return { version, objects, chunks };
}
