// Field values as the API sees them: model defaults, empty values per type, and conversion of
// dump text to typed values. One reading of the model's type strings
// ("int", "VM ref set", "(string -> string) map", "enum vm_power_state", ...).
import { classInfo, ENUMS, type FieldInfo } from '../shared/xapi/model';
import { parseSexpr, type Sexpr } from './sexpr';

export const NULL_REF = 'OpaqueRef:NULL';
export const EPOCH = '19700101T00:00:00Z';
export type Rec = Record<string, unknown>;

export type FieldKind =
  | { kind: 'scalar'; scalar: string } // string int float bool datetime enum:<name> ref
  | { kind: 'set'; elem: string }
  | { kind: 'map'; key: string; value: string }
  | { kind: 'record' };

function scalarOf(t: string): string {
  if (t.endsWith(' ref')) return 'ref';
  if (t.startsWith('enum ')) return t;
  return t;
}

export function fieldKind(type: string): FieldKind {
  const map = /^\((.+) -> (.+)\) map$/.exec(type);
  if (map) return { kind: 'map', key: scalarOf(map[1]), value: scalarOf(map[2]) };
  if (type.endsWith(' set')) return { kind: 'set', elem: scalarOf(type.slice(0, -4)) };
  if (type.endsWith(' record')) return { kind: 'record' };
  return { kind: 'scalar', scalar: scalarOf(type) };
}

function emptyScalar(s: string): unknown {
  switch (s) {
    case 'int': case 'float': return 0;
    case 'bool': return false;
    case 'datetime': return EPOCH;
    case 'ref': return NULL_REF;
    default:
      if (s.startsWith('enum ')) return ENUMS[s.slice(5)]?.[0] ?? '';
      return '';
  }
}

export function scalarFromText(s: string, text: string): unknown {
  switch (s) {
    case 'int': { const n = Number(text); return Number.isFinite(n) ? Math.trunc(n) : 0; }
    case 'float': {
      if (/^-?inf/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
      const n = Number(text); return Number.isNaN(n) ? NaN : n;
    }
    case 'bool': return text === 'true';
    default: return text;
  }
}

/** Converts a datamodel default as printed in xenapi.json ({} / {0} / {"a" -> "b"} / "x" / Null / 1.) */
function parseModelDefault(f: FieldInfo): unknown {
  const d = f.default as string;
  const k = fieldKind(f.type);
  if (k.kind === 'set') {
    const inner = d.replace(/^\{|\}$/g, '').trim();
    if (!inner) return [];
    return inner.split(',').map((a) => scalarFromText(k.elem, a.trim().replace(/^"|"$/g, '')));
  }
  if (k.kind === 'map') {
    const out: Rec = {};
    const re = /"((?:[^"\\]|\\.)*)"\s*->\s*"((?:[^"\\]|\\.)*)"/g;
    for (let m = re.exec(d); m; m = re.exec(d)) out[m[1]] = scalarFromText(k.value, m[2]);
    return out;
  }
  if (k.kind === 'record') return {};
  if (d === 'Null') return ''; // FORMATS.md 1.9: datamodel Null is stored as ""
  if (/^".*"$/.test(d)) return d.slice(1, -1);
  if (k.scalar === 'float') return Number(d.endsWith('.') ? d.slice(0, -1) : d);
  return scalarFromText(k.scalar, d);
}

export function defaultValue(f: FieldInfo): unknown {
  if (f.default !== undefined) return parseModelDefault(f);
  const k = fieldKind(f.type);
  if (k.kind === 'set') return [];
  if (k.kind === 'map' || k.kind === 'record') return {};
  return emptyScalar(k.scalar);
}

/** A full record of class cls: every model field, from `values` where given, else the default. */
export function fullRecord(cls: string, values: Rec): Rec {
  const info = classInfo(cls);
  if (!info) throw new Error(`unknown class ${cls}`);
  const out: Rec = {};
  for (const f of info.fields.values()) out[f.name] = f.name in values ? values[f.name] : defaultValue(f);
  return out;
}

/** Dump text (after %-decoding) to a typed value. */
export function valueFromDumpText(f: FieldInfo, text: string): unknown {
  const k = fieldKind(f.type);
  if (k.kind === 'scalar') return scalarFromText(k.scalar, text);
  if (k.kind === 'record') return {};
  let parsed: Sexpr;
  try { parsed = parseSexpr(text); } catch { return defaultValue(f); }
  if (!Array.isArray(parsed)) return defaultValue(f);
  if (k.kind === 'set') return parsed.map((a) => scalarFromText(k.elem, typeof a === 'string' ? a : ''));
  const out: Rec = {};
  for (const pair of parsed) {
    if (Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string') out[pair[0]] = scalarFromText(k.value, pair[1]);
  }
  return out;
}
