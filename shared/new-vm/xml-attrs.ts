// Attribute-level reading and rewriting of the small XML documents templates carry in
// other_config "disks" and in "recommendations". Only attribute values are touched, so
// everything else in the document (other attributes, order, whitespace) reaches the server as
// it was written by whoever made the template.

export interface XmlElement {
  /** Offset of the element's start tag in the document, and its length. */
  start: number;
  length: number;
  attrs: Record<string, string>;
}

const ATTR = /([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (_m, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    if (e === 'amp') return '&';
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

export function encodeXmlAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Every start (or empty-element) tag named `name`, with its attributes decoded. */
export function elementsNamed(xml: string, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const re = new RegExp(`<${name}(?=[\\s/>])[^>]*>`, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const attrs: Record<string, string> = {};
    for (const a of m[0].matchAll(ATTR)) attrs[a[1]] = decodeXml(a[2] ?? a[3] ?? '');
    out.push({ start: m.index, length: m[0].length, attrs });
  }
  return out;
}

/** The tag with `changes` applied: existing attributes get the new value in place, missing ones are appended. */
export function setAttrs(tag: string, changes: Record<string, string>): string {
  let out = tag;
  for (const [key, value] of Object.entries(changes)) {
    const re = new RegExp(`(\\s${key.replace(/[.]/g, '\\.')}\\s*=\\s*)(?:"[^"]*"|'[^']*')`);
    const quoted = `"${encodeXmlAttr(value)}"`;
    if (re.test(out)) out = out.replace(re, (_m, lead: string) => `${lead}${quoted}`);
    else out = out.replace(/\s*(\/?)>$/, (_m, slash: string) => ` ${key}=${quoted}${slash}>`);
  }
  return out;
}
