// XML-RPC as XAPI speaks it (../shared/xapi/FORMATS.md §2): methodCall writing, methodResponse
// reading ({Status, Value} / {Status: Failure, ErrorDescription}), single values (the task result
// text of §2.4), and a schema-directed pass that gives XML-RPC values the JSON-RPC shapes (XAPI
// writes int64 untagged, so an int arrives as text and only the data model says it is a number).
//
// A small hand-written reader instead of fast-xml-parser: XML-RPC needs five elements, exact text
// (no trimming, no number guessing, which that parser does by default), document order of
// <member>s, and hard limits we control (depth, DOCTYPE refused, no entity expansion beyond the five
// predefined ones and character references). It never recurses while reading (an explicit stack), and
// the value conversion recurses at most MAX_DEPTH elements deep. Structs are built like JSON.parse
// builds objects: plain objects whose keys are defined (never assigned) as own data properties, so a
// member named "__proto__" is just a key and no prototype is ever touched.
import { classInfo, classInfoCaseless, messageInfo } from '../../../shared/xapi/model';

/** Reading failed: the caller turns this into INVALID_RESPONSE with the host's name. */
export class XmlRpcFormatError extends Error {
  override readonly name = 'XmlRpcFormatError';
}

/** Deepest element nesting accepted (a VM record is ~8 deep; an event batch ~12). */
export const MAX_DEPTH = 256;

interface Node { name: string; children: Node[]; text: string }

const ENTITIES: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" });

function unescapeText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&([^;&\s]{0,12});?/g, (all, e: string) => {
    if (!all.endsWith(';')) throw new XmlRpcFormatError(`unescaped "&" in text near "${all.slice(0, 16)}"`);
    if (e.startsWith('#')) {
      const hex = e[1] === 'x' || e[1] === 'X';
      const digits = e.slice(hex ? 2 : 1);
      if (!(hex ? /^[0-9a-fA-F]{1,6}$/ : /^\d{1,7}$/).test(digits)) throw new XmlRpcFormatError(`bad character reference &${e};`);
      const cp = parseInt(digits, hex ? 16 : 10);
      if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new XmlRpcFormatError(`bad character reference &${e};`);
      return String.fromCodePoint(cp);
    }
    const v = ENTITIES[e];
    if (v === undefined) throw new XmlRpcFormatError(`unknown entity &${e};`);
    return v;
  });
}

/** The document as a tree of elements (attributes ignored). Throws XmlRpcFormatError. */
function parseXml(src: string): Node {
  const root: Node = { name: '#document', children: [], text: '' };
  const stack: Node[] = [root];
  let i = 0;
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const end = lt < 0 ? src.length : lt;
    if (end > i) {
      const raw = src.slice(i, end);
      const top = stack[stack.length - 1];
      if (top === root) {
        if (raw.trim() !== '') throw new XmlRpcFormatError('text outside the document element');
      } else top.text += unescapeText(raw);
    }
    if (lt < 0) break;
    if (src.startsWith('<?', lt)) {
      const e = src.indexOf('?>', lt + 2);
      if (e < 0) throw new XmlRpcFormatError('unterminated processing instruction');
      i = e + 2;
      continue;
    }
    if (src.startsWith('<!--', lt)) {
      const e = src.indexOf('-->', lt + 4);
      if (e < 0) throw new XmlRpcFormatError('unterminated comment');
      i = e + 3;
      continue;
    }
    if (src.startsWith('<![CDATA[', lt)) {
      const e = src.indexOf(']]>', lt + 9);
      if (e < 0) throw new XmlRpcFormatError('unterminated CDATA section');
      if (stack.length === 1) throw new XmlRpcFormatError('CDATA outside the document element');
      stack[stack.length - 1].text += src.slice(lt + 9, e);
      i = e + 3;
      continue;
    }
    if (src.startsWith('<!', lt)) throw new XmlRpcFormatError('DOCTYPE and other declarations are not accepted');
    const gt = src.indexOf('>', lt + 1);
    if (gt < 0) throw new XmlRpcFormatError('unterminated tag');
    let tag = src.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const top = stack.pop();
      if (!top || top === root || top.name !== name) throw new XmlRpcFormatError(`unexpected </${name.slice(0, 40)}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    if (selfClosing) tag = tag.slice(0, -1);
    const name = /^[A-Za-z_][\w.:-]*/.exec(tag)?.[0];
    if (!name) throw new XmlRpcFormatError(`bad tag <${tag.slice(0, 40)}>`);
    const parent = stack[stack.length - 1];
    if (parent === root && root.children.length > 0) throw new XmlRpcFormatError('more than one document element');
    const node: Node = { name, children: [], text: '' };
    parent.children.push(node);
    if (!selfClosing) {
      if (stack.length > MAX_DEPTH) throw new XmlRpcFormatError(`nested more than ${MAX_DEPTH} elements deep`);
      stack.push(node);
    }
  }
  if (stack.length !== 1) throw new XmlRpcFormatError(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1) throw new XmlRpcFormatError('no document element');
  return root.children[0];
}

const child = (n: Node, name: string): Node | undefined => n.children.find((c) => c.name === name);

/** Defines key on o like JSON.parse does (an own data property, "__proto__" included). */
function defineKey(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
}

function parseDouble(text: string): number {
  const t = text.trim().toLowerCase();
  if (/^[-+]?inf(inity)?$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[-+]?nan$/.test(t)) return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(t)) throw new XmlRpcFormatError(`bad <double> "${t.slice(0, 40)}"`);
  return Number(t);
}

/** One <value> element as a JS value (FORMATS §2.2/2.3). */
function valueOf(v: Node): unknown {
  if (v.name !== 'value') throw new XmlRpcFormatError(`expected <value>, found <${v.name}>`);
  if (v.children.length === 0) return v.text; // <value>x</value>, <value></value>, <value/>: strings
  if (v.children.length > 1 || v.text.trim() !== '') throw new XmlRpcFormatError('a <value> holds more than one item');
  const typed = v.children[0];
  if (typed.name !== 'array' && typed.name !== 'struct' && typed.children.length > 0) {
    throw new XmlRpcFormatError(`<${typed.name}> holds elements`);
  }
  switch (typed.name) {
    case 'string': return typed.text;
    case 'i4': case 'int': case 'i8': {
      const t = typed.text.trim();
      if (!/^[-+]?\d{1,20}$/.test(t)) throw new XmlRpcFormatError(`bad <${typed.name}> "${t.slice(0, 40)}"`);
      return Number(t);
    }
    case 'boolean': {
      const t = typed.text.trim();
      if (t === '1' || t === 'true') return true;
      if (t === '0' || t === 'false') return false;
      throw new XmlRpcFormatError(`bad <boolean> "${t.slice(0, 40)}"`);
    }
    case 'double': return parseDouble(typed.text);
    case 'dateTime.iso8601': return typed.text.trim();
    case 'base64': return Buffer.from(typed.text.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'nil': return null;
    case 'array': {
      const data = typed.children.length === 0 ? undefined : child(typed, 'data');
      if (typed.children.length > 0 && (!data || typed.children.length !== 1)) throw new XmlRpcFormatError('<array> without a single <data>');
      return (data?.children ?? []).map(valueOf);
    }
    case 'struct': {
      const out: Record<string, unknown> = {};
      for (const m of typed.children) {
        if (m.name !== 'member') throw new XmlRpcFormatError(`<${m.name}> inside <struct>`);
        const name = child(m, 'name');
        if (!name || name.children.length > 0) throw new XmlRpcFormatError('<member> without a <name>');
        const val = child(m, 'value');
        defineKey(out, name.text, val ? valueOf(val) : '');
      }
      return out;
    }
    default: throw new XmlRpcFormatError(`unknown value type <${typed.name.slice(0, 40)}>`);
  }
}

/** One XML-RPC value as text (a task's result, FORMATS §2.4): `<value>…</value>` → JS value. */
export function parseXmlRpcValue(text: string): unknown {
  return valueOf(parseXml(text));
}

export type XmlRpcResponse =
  | { kind: 'success'; value: unknown }
  | { kind: 'failure'; errorDescription: unknown }
  | { kind: 'fault'; faultCode: unknown; faultString: unknown }
  /** A value without the Status struct (system.listMethods answers so). */
  | { kind: 'bare'; value: unknown };

/** A methodResponse document. Throws XmlRpcFormatError when it is not one. */
export function decodeMethodResponse(text: string): XmlRpcResponse {
  const doc = parseXml(text);
  if (doc.name !== 'methodResponse') throw new XmlRpcFormatError(`expected <methodResponse>, found <${doc.name.slice(0, 40)}>`);
  const fault = child(doc, 'fault');
  if (fault) {
    const v = child(fault, 'value');
    const f = v ? valueOf(v) : undefined;
    const s = typeof f === 'object' && f !== null && !Array.isArray(f) ? f as Record<string, unknown> : {};
    return { kind: 'fault', faultCode: own(s, 'faultCode'), faultString: own(s, 'faultString') };
  }
  const value = child(child(child(doc, 'params') ?? doc, 'param') ?? doc, 'value');
  if (!value) throw new XmlRpcFormatError('<methodResponse> without params/param/value');
  const v = valueOf(value);
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, 'Status')) {
    const o = v as Record<string, unknown>;
    if (o.Status === 'Success') {
      if (!Object.prototype.hasOwnProperty.call(o, 'Value')) throw new XmlRpcFormatError('Status Success without a Value');
      return { kind: 'success', value: o.Value };
    }
    if (o.Status === 'Failure') return { kind: 'failure', errorDescription: own(o, 'ErrorDescription') };
    throw new XmlRpcFormatError(`unknown Status "${String(o.Status).slice(0, 40)}"`);
  }
  return { kind: 'bare', value: v };
}

const own = (o: object, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? (o as Record<string, unknown>)[k] : undefined);

// ---------- writing ----------
// Control characters other than TAB/LF/CR cannot appear in XML 1.0: dropped, as XAPI does (§2.2).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g;
export const escapeXml = (s: string): string =>
  s.replace(CONTROL, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function formatDouble(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n < 0 ? '-inf' : 'inf';
  return String(n);
}

/**
 * A JS value as one XML-RPC <value>. Integers go untagged as decimal text (XAPI takes decimal text
 * for int and float parameters, §2.3, and that is what xapi's own clients send); other numbers as
 * <double>; Date as dateTime.iso8601; null/undefined as <nil/>; objects as structs of their own
 * enumerable string keys.
 */
export function encodeValue(v: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) throw new XmlRpcFormatError(`a parameter is nested more than ${MAX_DEPTH} levels deep`);
  if (v === null || v === undefined) return '<value><nil/></value>';
  if (typeof v === 'string') return `<value>${escapeXml(v)}</value>`;
  if (typeof v === 'boolean') return `<value><boolean>${v ? 1 : 0}</boolean></value>`;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? `<value>${v}</value>` : `<value><double>${formatDouble(v)}</double></value>`;
  if (typeof v === 'bigint') return `<value>${v.toString()}</value>`;
  if (v instanceof Date) return `<value><dateTime.iso8601>${v.toISOString().replace(/[-]/g, '').replace(/\.\d+Z$/, 'Z')}</dateTime.iso8601></value>`;
  if (Array.isArray(v)) return `<value><array><data>${v.map((x) => encodeValue(x, depth + 1)).join('')}</data></array></value>`;
  if (typeof v === 'object') {
    const members = Object.keys(v).map((k) => `<member><name>${escapeXml(k)}</name>${encodeValue((v as Record<string, unknown>)[k], depth + 1)}</member>`);
    return `<value><struct>${members.join('')}</struct></value>`;
  }
  throw new XmlRpcFormatError(`a ${typeof v} cannot be sent over XML-RPC`);
}

/** The whole request body for POST / (FORMATS §2.1). */
export function encodeMethodCall(method: string, params: readonly unknown[]): string {
  return `<?xml version="1.0"?><methodCall><methodName>${escapeXml(method)}</methodName><params>${params.map((p) => `<param>${encodeValue(p)}</param>`).join('')}</params></methodCall>`;
}

// ---------- schema-directed shapes ----------
const INT_TEXT = /^[-+]?\d{1,20}$/;

/**
 * Gives a decoded XML-RPC value the shape JSON-RPC gives it, by the model type text
 * ("int", "VM record", "(string -> int) map", "VM ref set", "an event batch", ...): untagged int
 * and float text becomes a number, recursively through sets, maps, records and event snapshots.
 * Values that do not fit the type are left as they are (one odd field must not lose a whole record).
 */
export function shapeBySchema(v: unknown, type: string | undefined, depth = 0): unknown {
  if (type === undefined || depth > MAX_DEPTH) return v;
  const t = type.trim();
  if (t === 'int') return typeof v === 'string' && INT_TEXT.test(v.trim()) ? Number(v.trim()) : v;
  if (t === 'float') {
    if (typeof v !== 'string') return v;
    try { return v.trim() === '' ? v : parseDouble(v); } catch { return v; }
  }
  if (t.endsWith(' option')) return shapeBySchema(v, t.slice(0, -7), depth + 1);
  if (t.endsWith(' set')) return Array.isArray(v) ? v.map((x) => shapeBySchema(x, t.slice(0, -4), depth + 1)) : v;
  if (t.endsWith(' map') && t.startsWith('(')) {
    const valueType = mapValueType(t.slice(1, -5));
    if (valueType === undefined || !isPlainObject(v)) return v;
    for (const k of Object.keys(v)) defineKey(v, k, shapeBySchema(v[k], valueType, depth + 1));
    return v;
  }
  if (t.endsWith(' record')) {
    const cls = classInfo(t.slice(0, -7));
    if (!cls || !isPlainObject(v)) return v;
    for (const k of Object.keys(v)) {
      const f = cls.fields.get(k);
      if (f) defineKey(v, k, shapeBySchema(v[k], f.type, depth + 1));
    }
    return v;
  }
  if (t === 'an event batch') {
    if (isPlainObject(v) && Array.isArray(v.events)) for (const e of v.events) shapeEvent(e, depth + 1);
    if (isPlainObject(v) && isPlainObject(v.valid_ref_counts)) shapeBySchema(v.valid_ref_counts, '(string -> int) map', depth + 1);
    return v;
  }
  if (t === 'event record set' && Array.isArray(v)) { for (const e of v) shapeEvent(e, depth + 1); return v; }
  return v;
}

function shapeEvent(e: unknown, depth: number): void {
  if (!isPlainObject(e) || typeof e.class !== 'string' || !isPlainObject(e.snapshot)) return;
  const cls = classInfoCaseless(e.class);
  if (cls) shapeBySchema(e.snapshot, `${cls.name} record`, depth);
}

/** "K -> V" (K may not contain "->"; V may be a nested map): V. */
function mapValueType(inner: string): string | undefined {
  let level = 0;
  for (let i = 0; i < inner.length - 1; i++) {
    const c = inner[i];
    if (c === '(') level++;
    else if (c === ')') level--;
    else if (level === 0 && c === '-' && inner[i + 1] === '>') return inner.slice(i + 2).trim();
  }
  return undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The result type text of a wire name ("Async.*" → a task ref); undefined when not in the model. */
export function resultTypeOf(method: string): string | undefined {
  if (method.startsWith('Async.')) return 'task ref';
  return messageInfo(method)?.result;
}
