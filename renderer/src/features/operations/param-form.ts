// The form of one XAPI operation's parameters, derived from the data model's types: which input each
// parameter gets, and the text (or choice) a user typed turned into the value the call sends, with a
// clear error instead of a guess. Pure, so the dialog and the tests share it.
import { OPERATION_ENUMS as ENUMS } from '../../../../shared/xapi/operations.generated';
import { looksLikeOpaqueRef } from '../../xapi-model/refs';

export type ParamKind =
  | { kind: 'ref'; cls: string }
  | { kind: 'refSet'; cls: string }
  | { kind: 'enum'; values: string[] }
  | { kind: 'bool' }
  | { kind: 'int' }
  | { kind: 'float' }
  | { kind: 'string' }
  | { kind: 'datetime' }
  | { kind: 'stringSet' }
  /** (string -> string) map: one "key=value" per line. */
  | { kind: 'map' }
  /** Records and other structured values: JSON. */
  | { kind: 'json'; type: string };

export function paramKind(type: string): ParamKind {
  const t = type.trim();
  let m: RegExpMatchArray | null;
  if ((m = /^(\w+) ref$/.exec(t))) return { kind: 'ref', cls: m[1] };
  if ((m = /^(\w+) ref set$/.exec(t))) return { kind: 'refSet', cls: m[1] };
  if ((m = /^enum (\w+)$/.exec(t)) && ENUMS[m[1]]) return { kind: 'enum', values: ENUMS[m[1]] };
  if (t === 'bool' || t === 'int' || t === 'float' || t === 'string' || t === 'datetime') return { kind: t };
  if (t === 'string set') return { kind: 'stringSet' };
  if (t === '(string -> string) map') return { kind: 'map' };
  return { kind: 'json', type: t };
}

/** What an input holds: text for most kinds, a flag for bool, the chosen refs for refSet. */
export type RawValue = string | boolean | string[];

export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

/** The initial input value of a parameter (the selected object for a ref of its class). */
export function initialRaw(kind: ParamKind, selected?: { cls: string; ref: string }): RawValue {
  switch (kind.kind) {
    case 'bool': return false;
    case 'refSet': return [];
    case 'ref': return selected && selected.cls.toLowerCase() === kind.cls.toLowerCase() ? selected.ref : '';
    case 'enum': return kind.values[0] ?? '';
    case 'map': return '';
    case 'json': return /map$/.test(kind.type) ? '{}' : /set$/.test(kind.type) ? '[]' : '';
    default: return '';
  }
}

/** The value sent for `raw`, or why it cannot be sent. */
export function parseParam(kind: ParamKind, raw: RawValue, name: string): Parsed {
  const text = typeof raw === 'string' ? raw : '';
  const bad = (why: string): Parsed => ({ ok: false, error: `${name}: ${why}` });
  switch (kind.kind) {
    case 'bool': return { ok: true, value: raw === true };
    case 'refSet': return { ok: true, value: Array.isArray(raw) ? raw : [] };
    case 'ref':
      if (text === '') return bad(`choose a ${kind.cls}`);
      return looksLikeOpaqueRef(text) ? { ok: true, value: text } : bad('not an object reference');
    case 'enum': return kind.values.includes(text) ? { ok: true, value: text } : bad(`one of ${kind.values.join(', ')}`);
    case 'int': {
      const t = text.trim();
      if (!/^-?\d+$/.test(t)) return bad('a whole number');
      const n = Number(t);
      return Number.isSafeInteger(n) ? { ok: true, value: n } : bad('too large');
    }
    case 'float': {
      const t = text.trim();
      const n = Number(t);
      return t !== '' && Number.isFinite(n) ? { ok: true, value: n } : bad('a number');
    }
    case 'string': return { ok: true, value: text };
    case 'datetime': {
      const t = text.trim();
      if (!/^\d{8}T\d{2}:\d{2}:\d{2}Z$/.test(t) && Number.isNaN(Date.parse(t))) return bad('a date and time, e.g. 2026-11-28T10:00:00Z');
      return { ok: true, value: /^\d{8}T/.test(t) ? t : new Date(t).toISOString().replace(/-/g, '').replace(/\.\d+Z$/, 'Z') };
    }
    case 'stringSet': return { ok: true, value: text.split('\n').map((s) => s.trim()).filter((s) => s !== '') };
    case 'map': {
      const out: Record<string, string> = {};
      for (const [i, line] of text.split('\n').entries()) {
        if (line.trim() === '') continue;
        const eq = line.indexOf('=');
        if (eq <= 0) return bad(`line ${i + 1} is not key=value`);
        const key = line.slice(0, eq).trim();
        if (key in out) return bad(`key ${key} appears twice`);
        out[key] = line.slice(eq + 1).trim();
      }
      return { ok: true, value: out };
    }
    case 'json': {
      if (text.trim() === '') return bad(`a JSON value (${kind.type})`);
      try { return { ok: true, value: JSON.parse(text) as unknown }; } catch (e) { return bad(`not valid JSON (${(e as Error).message})`); }
    }
  }
}

/** Every parameter parsed, or the first error per parameter. */
export function parseAll(kinds: readonly ParamKind[], raws: readonly RawValue[], names: readonly string[]): { values: unknown[]; errors: string[] } {
  const values: unknown[] = [];
  const errors: string[] = [];
  kinds.forEach((k, i) => {
    const p = parseParam(k, raws[i], names[i]);
    if (p.ok) values.push(p.value); else errors.push(p.error);
  });
  return { values, errors };
}
