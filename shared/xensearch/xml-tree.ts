// A small element tree for XenSearch XML: elements, attributes in order, children (text ignored: the
// format has none). Read with fast-xml-parser (already a dependency), written by hand in the layout
// .NET's XmlDocument gives (attributes in order, `<X />` when empty), so XenCenter reads what we write.
import { XMLParser } from 'fast-xml-parser';

export interface XmlEl { name: string; attrs: Array<[string, string]>; children: XmlEl[] }

/** Searches come from pools and files: both are untrusted, so size and depth are bounded. */
export const MAX_XML_CHARS = 1_000_000;
export const MAX_XML_DEPTH = 64;

type Parsed = Array<Record<string, unknown>>;

const parser = new XMLParser({
  preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false,
  trimValues: true, processEntities: true, htmlEntities: true, ignoreDeclaration: true, ignorePiTags: true, commentPropName: false,
});

function toEl(node: Record<string, unknown>, depth: number): XmlEl | null {
  const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
  if (!name || name.startsWith('?') || name.startsWith('!')) return null;
  if (depth > MAX_XML_DEPTH) throw new Error('The search is nested too deeply.');
  const attrsIn = (node[':@'] ?? {}) as Record<string, unknown>;
  const attrs = Object.entries(attrsIn).map(([k, v]): [string, string] => [k, String(v)]);
  const kids = Array.isArray(node[name]) ? node[name] as Parsed : [];
  return { name, attrs, children: kids.map((k) => toEl(k, depth + 1)).filter((e): e is XmlEl => e !== null) };
}

/** The top-level elements of `xml`. Throws an Error in words when it is not well-formed XML. */
export function parseXml(xml: string): XmlEl[] {
  if (xml.length > MAX_XML_CHARS) throw new Error('The search is too large.');
  let parsed: Parsed;
  try {
    parsed = parser.parse(xml) as Parsed;
  } catch (e) {
    throw new Error(`The file is not valid XML: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return parsed.map((n) => toEl(n, 0)).filter((e): e is XmlEl => e !== null);
}

export const attr = (el: XmlEl, name: string): string | undefined => el.attrs.find(([k]) => k === name)?.[1];
export const el = (name: string, attrs: Array<[string, string]> = [], children: XmlEl[] = []): XmlEl => ({ name, attrs, children });
/** XenCenter's booleans: "yes"/"no" written, "True" read as well (SearchMarshalling.ParseBool). */
export const xmlBool = (v: boolean): string => (v ? 'yes' : 'no');
export const parseXmlBool = (v: string | undefined): boolean => v === 'yes' || v === 'True';

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
  .replace(/\r/g, '&#xD;').replace(/\n/g, '&#xA;').replace(/\t/g, '&#x9;');

/** `indent` > 0: one element per line, as XenCenter writes .xensearch files; 0: one line, as it writes gui_config. */
export function writeXml(e: XmlEl, indent = 0, level = 0): string {
  const pad = indent ? ' '.repeat(indent * level) : '';
  const open = `${pad}<${e.name}${e.attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('')}`;
  if (e.children.length === 0) return `${open} />`;
  const nl = indent ? '\n' : '';
  return `${open}>${nl}${e.children.map((c) => writeXml(c, indent, level + 1)).join(nl)}${nl}${pad}</${e.name}>`;
}
