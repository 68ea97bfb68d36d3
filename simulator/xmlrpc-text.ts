// Task.result is the XML-RPC rendering of the return value (FORMATS.md 2.4).
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function value(v: unknown, type: string): string {
  if (type === 'void' || v === undefined || v === null) return '<value></value>';
  if (Array.isArray(v)) return `<value><array><data>${v.map((x) => value(x, typeof x === 'number' ? 'int' : 'string')).join('')}</data></array></value>`;
  if (typeof v === 'boolean') return `<value><boolean>${v ? 1 : 0}</boolean></value>`;
  if (typeof v === 'number') return type === 'float' || !Number.isInteger(v) ? `<value><double>${v}</double></value>` : `<value>${v}</value>`;
  if (typeof v === 'object') {
    const members = Object.entries(v as Record<string, unknown>).map(([k, x]) => `<member><name>${esc(k)}</name>${value(x, 'string')}</member>`);
    return `<value><struct>${members.join('')}</struct></value>`;
  }
  return `<value>${esc(String(v))}</value>`;
}

export const xmlRpcText = (v: unknown, resultType: string): string => value(v, resultType);
