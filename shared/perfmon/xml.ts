// The XML of other_config:perfmon (xapi's perfmon daemon reads it; XenCenter's PerfmonDefinition
// writes it): `<config><variable><name value="cpu_usage" /><alarm_trigger_level value="0.9" />…</variable></config>`.
// A strict, small reader: elements, attributes and white space only. A DOCTYPE, entity declaration,
// CDATA, processing instruction other than the XML declaration, text content or anything over the size
// bound is refused, so a hostile server's value cannot blow up or smuggle anything. The writer is
// .NET's XmlDocument.OuterXml (what XenCenter stores): no declaration, no white space, `<e a="v" />`.

export interface XmlElement { name: string; attrs: Array<[string, string]>; children: XmlElement[] }

/** Bound on the text read (a perfmon config of every known variable is well under 2 KB). */
export const MAX_PERFMON_XML = 65_536;
const MAX_DEPTH = 8;
const MAX_ELEMENTS = 2_000;

export class PerfmonXmlError extends Error {}

const NAME = /[A-Za-z_][\w.-]*/y;
const SPACE = /[ \t\r\n]*/y;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  return raw.replace(/&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[a-z]+);|&|</g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new PerfmonXmlError(`"${whole}" is not allowed in an attribute value`);
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!(code > 0 && code <= 0x10ffff)) throw new PerfmonXmlError(`&${ref}; is not a character`);
      return String.fromCodePoint(code);
    }
    const v = ENTITIES[ref];
    if (v === undefined) throw new PerfmonXmlError(`unknown entity &${ref};`);
    return v;
  });
}

/** Parses one document; throws PerfmonXmlError (in words) on anything outside the subset above. */
export function parseXml(text: string): XmlElement {
  if (text.length > MAX_PERFMON_XML) throw new PerfmonXmlError(`longer than ${MAX_PERFMON_XML} characters`);
  let i = 0;
  let count = 0;
  const space = () => { SPACE.lastIndex = i; SPACE.exec(text); i = SPACE.lastIndex; };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (!m) throw new PerfmonXmlError(`a name was expected at ${i}`);
    i = NAME.lastIndex;
    return m[0];
  };
  const expect = (s: string) => {
    if (!text.startsWith(s, i)) throw new PerfmonXmlError(`"${s}" was expected at ${i}`);
    i += s.length;
  };
  const element = (depth: number): XmlElement => {
    if (depth > MAX_DEPTH) throw new PerfmonXmlError('nested too deeply');
    if (++count > MAX_ELEMENTS) throw new PerfmonXmlError('too many elements');
    expect('<');
    const el: XmlElement = { name: name(), attrs: [], children: [] };
    for (;;) {
      space();
      if (text.startsWith('/>', i)) { i += 2; return el; }
      if (text[i] === '>') { i++; break; }
      const a = name();
      space(); expect('='); space();
      const q = text[i];
      if (q !== '"' && q !== "'") throw new PerfmonXmlError(`a quoted value was expected at ${i}`);
      const end = text.indexOf(q, i + 1);
      if (end < 0) throw new PerfmonXmlError('an attribute value is not closed');
      if (el.attrs.some(([k]) => k === a)) throw new PerfmonXmlError(`attribute "${a}" given twice`);
      el.attrs.push([a, decode(text.slice(i + 1, end))]);
      i = end + 1;
    }
    for (;;) {
      space();
      if (text.startsWith('<!--', i)) { const e = text.indexOf('-->', i + 4); if (e < 0) throw new PerfmonXmlError('a comment is not closed'); i = e + 3; continue; }
      if (text.startsWith('</', i)) {
        i += 2;
        if (name() !== el.name) throw new PerfmonXmlError(`</${el.name}> was expected`);
        space(); expect('>');
        return el;
      }
      if (text[i] === '<' && /[A-Za-z_]/.test(text[i + 1] ?? '')) { el.children.push(element(depth + 1)); continue; }
      throw new PerfmonXmlError(i >= text.length ? `<${el.name}> is not closed` : `only elements are allowed inside <${el.name}> (at ${i})`);
    }
  };
  space();
  if (text.startsWith('<?xml', i)) { const e = text.indexOf('?>', i); if (e < 0) throw new PerfmonXmlError('the XML declaration is not closed'); i = e + 2; }
  space();
  const root = element(0);
  space();
  if (i !== text.length) throw new PerfmonXmlError('text after the document element');
  return root;
}

const escapeAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** .NET XmlDocument.OuterXml of the element: `<e a="v" />`, `<e>…</e>`, no white space. */
export function writeXml(el: XmlElement): string {
  const attrs = el.attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  if (el.children.length === 0) return `<${el.name}${attrs} />`;
  return `<${el.name}${attrs}>${el.children.map(writeXml).join('')}</${el.name}>`;
}
