// The XML-RPC codec (FORMATS.md 2), pure text to values and back: the lenient parser of 2.3, the
// writer of 2.2 (typed by the data model: ints untagged, floats <double>, datetimes
// <dateTime.iso8601>) and the {Status, Value} / {Status: Failure, ErrorDescription} envelope.
// The endpoint that answers POST / is xmlrpc.ts; xva.ts and VM metadata reuse the codec.
import { classInfo } from '../shared/xapi/model';

// ---------- parsing ----------
interface Node { name: string; children: Node[]; text: string }

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function unescape(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (all, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? all;
  });
}

export class XmlParseError extends Error {}

/** A small XML reader: elements, text, self-closing tags; prolog, comments and CDATA handled. */
export function parseXml(src: string): Node {
  let i = 0;
  const root: Node = { name: '#root', children: [], text: '' };
  const stack: Node[] = [root];
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const textEnd = lt < 0 ? src.length : lt;
    if (textEnd > i) stack[stack.length - 1].text += unescape(src.slice(i, textEnd));
    if (lt < 0) break;
    if (src.startsWith('<?', lt)) { const e = src.indexOf('?>', lt); if (e < 0) throw new XmlParseError('bad prolog'); i = e + 2; continue; }
    if (src.startsWith('<!--', lt)) { const e = src.indexOf('-->', lt); if (e < 0) throw new XmlParseError('bad comment'); i = e + 3; continue; }
    if (src.startsWith('<![CDATA[', lt)) {
      const e = src.indexOf(']]>', lt); if (e < 0) throw new XmlParseError('bad CDATA');
      stack[stack.length - 1].text += src.slice(lt + 9, e); i = e + 3; continue;
    }
    if (src.startsWith('<!', lt)) { const e = src.indexOf('>', lt); if (e < 0) throw new XmlParseError('bad declaration'); i = e + 1; continue; }
    const gt = src.indexOf('>', lt);
    if (gt < 0) throw new XmlParseError('unterminated tag');
    let tag = src.slice(lt + 1, gt).trim();
    i = gt + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const top = stack.pop();
      if (!top || top.name !== name || stack.length === 0) throw new XmlParseError(`unexpected </${name}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    if (selfClosing) tag = tag.slice(0, -1).trim();
    const name = tag.split(/\s+/)[0];
    const node: Node = { name, children: [], text: '' };
    stack[stack.length - 1].children.push(node);
    if (!selfClosing) stack.push(node);
  }
  if (stack.length !== 1) throw new XmlParseError('unclosed element');
  return root;
}

const only = (n: Node, name: string): Node | undefined => n.children.find((c) => c.name === name);

/** One <value> element to a JS value (FORMATS.md 2.3). */
export function valueOf(v: Node): unknown {
  const typed = v.children[0];
  if (!typed) return v.text; // <value>x</value> and <value/>
  switch (typed.name) {
    case 'string': return typed.text;
    case 'i4': case 'int': case 'i8': {
      const t = typed.text.trim();
      if (!/^[-+]?\d+$/.test(t)) throw new XmlParseError(`bad int ${t}`);
      return Number(t);
    }
    case 'boolean': return typed.text.trim() === '1';
    case 'double': {
      const t = typed.text.trim().toLowerCase();
      if (/^[-+]?inf(inity)?$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
      if (t === 'nan' || t === '-nan') return NaN;
      const n = Number(t);
      if (t === '' || Number.isNaN(n)) throw new XmlParseError(`bad double ${t}`);
      return n;
    }
    case 'dateTime.iso8601': return typed.text.trim();
    case 'base64': return Buffer.from(typed.text.trim(), 'base64').toString('utf8');
    case 'nil': return null;
    case 'array': {
      const data = only(typed, 'data');
      return (data?.children ?? []).filter((c) => c.name === 'value').map(valueOf);
    }
    case 'struct': {
      const out: Record<string, unknown> = {};
      for (const m of typed.children.filter((c) => c.name === 'member')) {
        const name = only(m, 'name');
        const val = only(m, 'value');
        if (!name) throw new XmlParseError('member without name');
        out[name.text] = val ? valueOf(val) : '';
      }
      return out;
    }
    default: throw new XmlParseError(`unknown value type ${typed.name}`);
  }
}

export function parseMethodCall(body: string): { method: string; params: unknown[] } {
  const root = parseXml(body);
  const call = only(root, 'methodCall');
  if (!call) throw new XmlParseError('no methodCall');
  const name = only(call, 'methodName');
  if (!name) throw new XmlParseError('no methodName');
  const params = only(call, 'params');
  const list = (params?.children ?? []).filter((p) => p.name === 'param').map((p) => {
    const v = only(p, 'value');
    if (!v) throw new XmlParseError('param without value');
    return valueOf(v);
  });
  return { method: name.text.trim(), params: list };
}

// ---------- writing ----------
// Control characters other than TAB/LF/CR are dropped (FORMATS.md 2.2).
// eslint-disable-next-line no-control-regex
const esc = (s: string) => s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function fmtDouble(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n < 0 ? '-inf' : 'inf';
  return String(Number(n.toPrecision(16)));
}

/** A JS value as XML-RPC, by its model type when known (else by its JS type). */
export function toXml(v: unknown, type?: string): string {
  if (type === 'void' || v === undefined || v === null) return '<value></value>';
  const map = type && /^\((.+) -> (.+)\) map$/.exec(type);
  if (map && typeof v === 'object') {
    return `<value><struct>${Object.entries(v as Record<string, unknown>).map(([k, x]) => `<member><name>${k}</name>${toXml(x, map[2])}</member>`).join('')}</struct></value>`;
  }
  if (type?.endsWith(' set') && Array.isArray(v)) return `<value><array><data>${v.map((x) => toXml(x, type.slice(0, -4))).join('')}</data></array></value>`;
  const rec = type && / record$/.exec(type) ? classInfo(type.slice(0, -7)) : undefined;
  if (rec && typeof v === 'object' && !Array.isArray(v)) {
    const members = Object.entries(v as Record<string, unknown>).map(([k, x]) => `<member><name>${k}</name>${toXml(x, rec.fields.get(k)?.type)}</member>`);
    return `<value><struct>${members.join('')}</struct></value>`;
  }
  if (type === 'int' && typeof v === 'number') return `<value>${Math.trunc(v)}</value>`;
  if (type === 'float' && typeof v === 'number') return `<value><double>${fmtDouble(v)}</double></value>`;
  if (type === 'datetime' && typeof v === 'string') return `<value><dateTime.iso8601>${esc(v)}</dateTime.iso8601></value>`;
  if (typeof v === 'boolean') return `<value><boolean>${v ? 1 : 0}</boolean></value>`;
  if (typeof v === 'number') return Number.isInteger(v) ? `<value><i4>${v}</i4></value>` : `<value><double>${fmtDouble(v)}</double></value>`;
  if (Array.isArray(v)) return `<value><array><data>${v.map((x) => toXml(x)).join('')}</data></array></value>`;
  if (typeof v === 'object') return `<value><struct>${Object.entries(v as Record<string, unknown>).map(([k, x]) => `<member><name>${k}</name>${toXml(x)}</member>`).join('')}</struct></value>`;
  return `<value>${esc(String(v))}</value>`;
}

export const envelope = (value: string) => `<?xml version="1.0"?><methodResponse><params><param>${value}</param></params></methodResponse>`;
export const successXml = (valueXml: string) => envelope(`<value><struct><member><name>Status</name><value>Success</value></member><member><name>Value</name>${valueXml}</member></struct></value>`);
export const failureXml = (desc: string[]) => envelope(`<value><struct><member><name>Status</name><value>Failure</value></member><member><name>ErrorDescription</name>${toXml(desc, 'string set')}</member></struct></value>`);
