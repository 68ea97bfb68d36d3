// Parameter type checks by the data model, as xapi's unmarshaller does them: a value of the wrong
// type gives FIELD_TYPE_ERROR [param name] (errors.json; xapi's generated From.* wrappers raise it
// with the parameter's name), an enum value outside the enum too (matched case-insensitively and
// normalised to the model's spelling). Ints and floats also accept decimal strings (FORMATS.md 2.3:
// XML-RPC ints arrive untagged, XO sends strings); they are converted to numbers here, so handlers
// always see typed values. Refs are not checked for existence here (xapi's Ref.of_string accepts
// any string): the object lookup gives HANDLE_INVALID [class, ref].
import { classInfo, ENUMS, type MessageInfo } from '../shared/xapi/model';
import { XapiError } from './xapi-error';

class TypeFail extends Error {}
const fail = (): never => { throw new TypeFail(); };

function scalar(t: string, v: unknown): unknown {
  switch (t) {
    case 'string': return typeof v === 'string' ? v : fail();
    case 'int': {
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      if (typeof v === 'string' && /^[-+]?\d+$/.test(v.trim())) return Number(v.trim());
      return fail();
    }
    case 'float': {
      if (typeof v === 'number') return v;
      if (typeof v === 'string') {
        const s = v.trim().toLowerCase();
        if (/^[-+]?inf(inity)?$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
        if (s === 'nan') return NaN;
        if (s !== '' && Number.isFinite(Number(s))) return Number(s);
      }
      return fail();
    }
    case 'bool': return typeof v === 'boolean' ? v : fail();
    case 'datetime': return typeof v === 'string' ? v : v instanceof Date ? v.toISOString().replace(/-/g, '').replace(/\.\d+Z$/, 'Z') : fail();
    default:
      if (t.startsWith('enum ')) {
        if (typeof v !== 'string') return fail();
        const hit = (ENUMS[t.slice(5)] ?? []).find((e) => e.toLowerCase() === v.toLowerCase());
        return hit ?? fail();
      }
      if (t.endsWith(' ref')) return typeof v === 'string' ? v : fail();
      return v; // unknown scalar spelling: pass through
  }
}

/** Checks and normalises one value against a model type string. */
export function coerce(type: string, v: unknown): unknown {
  const map = /^\((.+) -> (.+)\) map$/.exec(type);
  if (map) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail();
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      // Keys travel as strings (JSON object keys, XML-RPC member names): int keys stay decimal text.
      const key = map[1] === 'int' ? (/^[-+]?\d+$/.test(k) ? k : fail()) : String(scalar(map[1], k));
      out[key] = coerce(map[2], x);
    }
    return out;
  }
  if (type.endsWith(' set')) {
    if (!Array.isArray(v)) return fail();
    return v.map((x) => coerce(type.slice(0, -4), x));
  }
  const rec = / record$/.exec(type);
  if (rec) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail();
    const info = classInfo(type.slice(0, -7));
    const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    if (info) {
      for (const [k, x] of Object.entries(out)) {
        const f = info.fields.get(k);
        if (!f) continue;
        try { out[k] = coerce(f.type, x); } catch (e) { if (e instanceof TypeFail) throw new XapiError('FIELD_TYPE_ERROR', [k]); throw e; }
      }
    }
    return out;
  }
  return scalar(type, v);
}

/** The call's arguments (after the session) checked and normalised, or FIELD_TYPE_ERROR [name]. */
export function checkParams(m: MessageInfo, args: unknown[]): unknown[] {
  return args.map((v, i) => {
    const type = m.paramTypes[i];
    if (type === undefined) return v;
    try {
      return coerce(type, v);
    } catch (e) {
      if (e instanceof TypeFail) throw new XapiError('FIELD_TYPE_ERROR', [m.paramNames[i] ?? String(i)]);
      throw e;
    }
  });
}
