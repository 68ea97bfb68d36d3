// XenCenter's custom fields: the definitions live in the pool's gui_config key `XenCenter.CustomFields`
// as <CustomFieldDefinitions><CustomFieldDefinition name="…" type="String|Date" defaultValue=""/>…</…>
// (defaultValue is always empty, kept for old XenCenters), the values in each object's other_config
// `XenCenter.CustomFields.<name>` ('' or absent = no value). Pure; the XML is read without a parser
// (it comes from the server and may be anything: unknown elements, bad types and doubles are skipped).

export const CUSTOM_FIELDS_KEY = 'XenCenter.CustomFields';
export type CustomFieldType = 'String' | 'Date';
export interface CustomFieldDefinition { name: string; type: CustomFieldType }

export const MAX_CUSTOM_FIELDS = 256;
export const MAX_FIELD_NAME = 256;

export const customFieldKey = (name: string): string => `${CUSTOM_FIELDS_KEY}.${name}`;

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (all, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e] ?? all;
  });
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Why a name cannot be a custom field's, in words; undefined when it can. */
export function fieldNameProblem(name: string, existing: readonly CustomFieldDefinition[] = []): string | undefined {
  if (!name.trim()) return 'Enter a name for the field.';
  if (name !== name.trim()) return 'The name must not start or end with spaces.';
  if (name.length > MAX_FIELD_NAME) return `The name must be at most ${MAX_FIELD_NAME} characters.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'The name must not contain control characters.';
  if (existing.some((d) => d.name === name)) return `There is already a field called '${name}'.`;
  return undefined;
}

/** The definitions in gui_config's XML, in order; anything malformed is skipped, a name kept once. */
export function parseCustomFields(xml: string | undefined): CustomFieldDefinition[] {
  if (!xml) return [];
  const out: CustomFieldDefinition[] = [];
  const text = xml.slice(0, 1_000_000);
  const el = /<CustomFieldDefinition\b([^<>]*)>/g;
  let m: RegExpExecArray | null;
  while (out.length < MAX_CUSTOM_FIELDS && (m = el.exec(text)) !== null) {
    const attrs: Record<string, string> = {};
    const at = /([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
    let a: RegExpExecArray | null;
    while ((a = at.exec(m[1])) !== null) if (!(a[1] in attrs)) attrs[a[1]] = decodeEntities(a[2] ?? a[3] ?? '');
    const name = attrs.name;
    const type = attrs.type;
    if (name === undefined || (type !== 'String' && type !== 'Date')) continue;
    if (fieldNameProblem(name, out) !== undefined) continue;
    out.push({ name, type });
  }
  return out;
}

/** The XML XenCenter writes for a list of definitions. */
export function serialiseCustomFields(defs: readonly CustomFieldDefinition[]): string {
  const items = defs.map((d) => `<CustomFieldDefinition name="${escapeAttr(d.name)}" type="${d.type}" defaultValue="" />`).join('');
  return `<CustomFieldDefinitions>${items}</CustomFieldDefinitions>`;
}

/** The definitions of a connection: its pool's gui_config. */
export function definitionsOfPool(pool: Record<string, unknown> | undefined): CustomFieldDefinition[] {
  const gui = pool?.gui_config;
  return parseCustomFields(typeof gui === 'object' && gui !== null ? (gui as Record<string, string>)[CUSTOM_FIELDS_KEY] : undefined);
}

/** An object's values of the defined fields ('' when it has none). */
export function customFieldValues(rec: Record<string, unknown>, defs: readonly CustomFieldDefinition[]): Record<string, string> {
  const oc = typeof rec.other_config === 'object' && rec.other_config !== null ? rec.other_config as Record<string, string> : {};
  return Object.fromEntries(defs.map((d) => [d.name, typeof oc[customFieldKey(d.name)] === 'string' ? oc[customFieldKey(d.name)] : '']));
}

/** A Date field's value as XenCenter stores it (ISO 8601, UTC), from the date input's "YYYY-MM-DD"; '' stays ''. */
export function dateValue(input: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input)) return '';
  return `${input}T00:00:00Z`;
}
/** "YYYY-MM-DD" for the date input from a stored value ('' when it is not a date). */
export function dateInput(value: string): string {
  const t = Date.parse(value);
  return Number.isNaN(t) ? '' : new Date(t).toISOString().slice(0, 10);
}
