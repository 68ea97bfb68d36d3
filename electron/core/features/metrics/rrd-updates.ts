// Reads a /rrd_updates reply (FORMATS.md 3.4, 3.5) in any of its forms: rrdtool "xport" XML, or
// one of the three JSON generations (all scalars strings; `data` inside `meta`; the old unquoted
// text). The result has rows oldest first (the server sends newest first) and NaN kept as NaN.
// Anything that does not fit the format is an INVALID_RESPONSE error saying what was wrong.
// Every name in the reply is the server's: fields are read as own properties only (own()) and
// words are looked up in Maps, so "constructor" or "__proto__" is just text, never a prototype member.
import { XMLParser } from 'fast-xml-parser';
import { XapiError } from '../../xapi/errors';
import { looseJsonToJson } from './loose-json';

export interface RrdColumn {
  /** Consolidation function: AVERAGE, MIN, MAX or LAST. */
  cf: string;
  /** host, vm or sr. */
  kind: string;
  uuid: string;
  /** The data source name (may contain '/' and '-', e.g. "cpu0-C1"). */
  name: string;
}
export interface RrdRow { t: number; values: number[] }
export interface RrdUpdates { start: number; end: number; step: number; columns: RrdColumn[]; rows: RrdRow[] }

export function invalidRrd(why: string): XapiError {
  return new XapiError('INVALID_RESPONSE', [why], { message: `The server's metrics (rrd_updates) could not be read: ${why}` });
}

/** Parses XML or JSON, told apart by the first character. */
export function parseRrdUpdates(text: string): RrdUpdates {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body.startsWith('<')) return parseRrdXml(body);
  if (body.startsWith('{')) return parseRrdJson(body);
  throw invalidRrd(body ? `expected XML or JSON, got "${body.slice(0, 40)}"` : 'the reply is empty');
}

// ---------- XML (3.4) ----------

const xml = new XMLParser({
  ignoreAttributes: true, parseTagValue: false, trimValues: true, processEntities: true,
  isArray: (name) => name === 'entry' || name === 'row' || name === 'v',
});

export function parseRrdXml(text: string): RrdUpdates {
  let doc: Record<string, unknown>;
  try {
    doc = xml.parse(text, true) as Record<string, unknown>;
  } catch (e) {
    throw invalidRrd(`malformed XML (${(e as Error).message})`);
  }
  const xport = obj(own(doc, 'xport'), '<xport>');
  const meta = obj(own(xport, 'meta'), '<meta>');
  const legendTag = own(meta, 'legend');
  const dataTag = own(xport, 'data');
  const legend = legendTag === '' || legendTag === undefined ? [] : list(own(obj(legendTag, '<legend>'), 'entry'));
  const data = dataTag === '' || dataTag === undefined ? [] : list(own(obj(dataTag, '<data>'), 'row'));
  return build(meta, legend, data.map((r, i) => {
    const row = obj(r, `<row> ${i + 1}`);
    return { t: own(row, 't'), values: list(own(row, 'v')) };
  }));
}

// ---------- JSON (3.5) ----------

export function parseRrdJson(text: string): RrdUpdates {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    try {
      doc = JSON.parse(looseJsonToJson(text));
    } catch (e) {
      throw invalidRrd(`malformed JSON (${(e as Error).message})`);
    }
  }
  const top = obj(doc, 'the JSON document');
  const meta = obj(own(top, 'meta'), '"meta"');
  // Jul 2023 to Feb 2024 hosts put `data` inside `meta`.
  const rows = own(top, 'data') ?? own(meta, 'data');
  if (rows !== undefined && !Array.isArray(rows)) throw invalidRrd('"data" is not a list');
  return build(meta, list(own(meta, 'legend') ?? []), (rows ?? []).map((r: unknown, i: number) => {
    const row = obj(r, `data row ${i + 1}`);
    const values = own(row, 'values');
    if (!Array.isArray(values)) throw invalidRrd(`data row ${i + 1} has no "values" list`);
    return { t: own(row, 't'), values: values as unknown[] };
  }));
}

// ---------- shared ----------

function build(meta: Record<string, unknown>, legend: unknown[], raw: { t: unknown; values: unknown[] }[]): RrdUpdates {
  const columns = legend.map((e, i) => legendEntry(e, i));
  const columnsField = own(meta, 'columns');
  const declared = columnsField === undefined ? undefined : integer(columnsField, '"columns"');
  if (declared !== undefined && declared !== columns.length) throw invalidRrd(`"columns" says ${declared} but the legend has ${columns.length} entries`);
  const rows = raw.map(({ t, values }, i) => {
    if (values.length !== columns.length) throw invalidRrd(`row ${i + 1} has ${values.length} values for ${columns.length} columns`);
    return { t: integer(t, `the time of row ${i + 1}`), values: values.map((v, j) => numberOf(v, `row ${i + 1}, column ${j + 1}`)) };
  });
  rows.sort((a, b) => a.t - b.t);
  return {
    start: integer(own(meta, 'start'), '"start"'), end: integer(own(meta, 'end'), '"end"'), step: integer(own(meta, 'step'), '"step"'),
    columns, rows,
  };
}

/** "AVERAGE:host:<uuid>:cpu0": split on the first three ':'; the rest is the name. */
function legendEntry(e: unknown, i: number): RrdColumn {
  if (typeof e !== 'string') throw invalidRrd(`legend entry ${i + 1} is not text`);
  const parts = e.split(':');
  if (parts.length < 4 || parts.slice(0, 3).some((p) => p === '') || parts.slice(3).join(':') === '') {
    throw invalidRrd(`legend entry "${e.slice(0, 120)}" is not CF:kind:uuid:name`);
  }
  return { cf: parts[0], kind: parts[1], uuid: parts[2], name: parts.slice(3).join(':') };
}

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = new Map<string, number>([
  ['nan', NaN], ['-nan', NaN], ['infinity', Infinity], ['+infinity', Infinity], ['inf', Infinity], ['-infinity', -Infinity], ['-inf', -Infinity],
]);

/** A value as a number: bare or string, "NaN" and "Infinity" included (3.3). */
function numberOf(v: unknown, where: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const s = v.trim();
    if (NUMBER_TEXT.test(s)) return Number(s);
    const special = NON_FINITE.get(s.toLowerCase());
    if (special !== undefined) return special;
  }
  throw invalidRrd(`${where} is not a number (${JSON.stringify(v)?.slice(0, 40)})`);
}

function integer(v: unknown, what: string): number {
  if (v === undefined || v === null) throw invalidRrd(`${what} is missing`);
  const n = numberOf(v, what);
  if (!Number.isSafeInteger(n)) throw invalidRrd(`${what} is not a whole number (${String(v).slice(0, 40)})`);
  return n;
}

/** A field of a parsed object, only when it is the object's own (never inherited from a prototype). */
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalidRrd(`${what} is missing`);
  return v as Record<string, unknown>;
}

function list(v: unknown): unknown[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}
