// The /rrd_updates reader on hostile names and values: every name comes from the server, so a
// legend entry or a value spelled like an Object.prototype member ("constructor", "__proto__",
// "toString", "hasOwnProperty") must read as plain text, fields must be the document's own, and
// parsing must pollute nothing.
import { describe, it, expect } from 'vitest';
import { parseRrdUpdates } from '../../electron/core/features/metrics/rrd-updates';
import { objectSeries } from '../../electron/core/features/metrics/series';
import { XapiError } from '../../electron/core/xapi/errors';

const H = 'b4c0d08a-3e59-4fcb-918b-52dced6141cf';
const HOSTILE = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__'];
const legend = HOSTILE.map((n) => `AVERAGE:host:${H}:${n}`);

const jsonDoc = (values: unknown[]) => JSON.stringify({
  meta: { start: '100', step: '5', end: '105', rows: '2', columns: String(legend.length), legend },
  data: [{ t: '105', values }, { t: '100', values: values.map(() => '1') }],
});
const xmlDoc = (values: string[]) => `<xport><meta><start>100</start><step>5</step><end>105</end><rows>1</rows>`
  + `<columns>${legend.length}</columns><legend>${legend.map((e) => `<entry>${e}</entry>`).join('')}</legend></meta>`
  + `<data><row><t>105</t>${values.map((v) => `<v>${v}</v>`).join('')}</row></data></xport>`;
const looseDoc = (word: string) => `{meta: {start:100,step:5,end:105,rows:1,columns:1,legend:["AVERAGE:host:${H}:cpu0"]},data:[{t:105,values:[${word}]}]}`;

function invalid(fn: () => unknown): XapiError {
  try { fn(); } catch (e) { expect(e).toBeInstanceOf(XapiError); expect((e as XapiError).code).toBe('INVALID_RESPONSE'); return e as XapiError; }
  throw new Error('expected INVALID_RESPONSE, got a result');
}

describe('metrics parsing with hostile names and values', () => {
  it('reads legend names that are Object.prototype members as plain names, with their values', () => {
    const values = HOSTILE.map((_, i) => String(i + 0.5));
    for (const text of [jsonDoc(values), xmlDoc(values)]) {
      const u = parseRrdUpdates(text);
      expect(u.columns.map((c) => c.name)).toEqual(HOSTILE);
      const s = objectSeries(u, 'host', H);
      expect(s.sources.map((x) => x.name)).toEqual(HOSTILE);
      for (const [i, src] of s.sources.entries()) {
        expect(src.values[src.values.length - 1]).toBe(i + 0.5);
        expect(typeof src.values[0]).toBe('number');
      }
    }
  });

  it('refuses values that are prototype member names or not numbers, instead of returning them', () => {
    const bad: unknown[] = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'CONSTRUCTOR', '__PROTO__', 'valueOf', '', ' ', '0x10', '1e', 'NaNa', {}, [], true, null];
    for (const v of bad) {
      const values = legend.map(() => '1');
      values[0] = v as string;
      const e = invalid(() => parseRrdUpdates(jsonDoc(values)));
      expect(e.params[0]).toMatch(/is not a number/);
    }
    for (const v of ['constructor', '__proto__', 'hasOwnProperty']) {
      const values = legend.map(() => '1');
      values[1] = v;
      invalid(() => parseRrdUpdates(xmlDoc(values)));
      // The old unquoted JSON: a bare word becomes text, then fails as a number.
      invalid(() => parseRrdUpdates(looseDoc(v)));
    }
  });

  it('reads only the document\'s own fields, whatever Object.prototype carries', () => {
    const proto = Object.prototype as Record<string, unknown>;
    const withPlanted = <T>(planted: Record<string, unknown>, fn: () => T): T => {
      try {
        for (const [k, v] of Object.entries(planted)) proto[k] = v;
        return fn();
      } finally {
        for (const k of Object.keys(planted)) delete proto[k];
      }
    };
    const meta = { start: '100', step: '5', end: '105', legend: [`AVERAGE:host:${H}:cpu0`] };
    // Data inside meta (2023), none at the top: an inherited top-level "data" must not be read.
    const u = withPlanted({ data: [{ t: '1', values: ['7', '8'] }] }, () => parseRrdUpdates(JSON.stringify({ meta: { ...meta, data: [{ t: '105', values: ['0.25'] }] } })));
    expect(u.rows).toEqual([{ t: 105, values: [0.25] }]);
    // No "columns": an inherited one must not be checked against the legend.
    expect(withPlanted({ columns: '99' }, () => parseRrdUpdates(JSON.stringify({ meta, data: [] }))).columns).toHaveLength(1);
    // No "meta" of its own: refused, not read from the prototype.
    withPlanted({ meta: { start: '1', step: '5', end: '5', legend: [] } }, () => invalid(() => parseRrdUpdates('{"data": []}')));
    withPlanted({ start: '1' }, () => invalid(() => parseRrdUpdates(JSON.stringify({ meta: { step: '5', end: '5', legend: [] } }))));
  });

  it('treats "__proto__" keys as data, never as a prototype, and pollutes nothing', () => {
    // JSON.parse keeps "__proto__" as an own key: the meta below has no own "start".
    invalid(() => parseRrdUpdates('{"meta": {"__proto__": {"start": "1", "step": "5", "end": "5"}, "legend": []}, "data": []}'));
    invalid(() => parseRrdUpdates('{"__proto__": {"meta": {"start": "1", "step": "5", "end": "5", "legend": []}}}'));
    // The old unquoted JSON quotes bare __proto__/constructor keys: they stay data too.
    expect(parseRrdUpdates(`{meta: {__proto__: {polluted: 1}, start:1,step:5,end:5,legend:[]},constructor: {prototype: {polluted: 1}}}`)).toMatchObject({ start: 1, rows: [] });
    invalid(() => parseRrdUpdates('<xport><meta><__proto__><polluted>1</polluted></__proto__></meta></xport>'));
    invalid(() => parseRrdUpdates('<xport><constructor><prototype><polluted>1</polluted></prototype></constructor></xport>'));
    const u = parseRrdUpdates('{"meta": {"start": "1", "step": "5", "end": "5", "legend": [], "__proto__": {"polluted": 1}}, "data": [], "constructor": {"prototype": {"polluted": 1}}}');
    expect(u).toMatchObject({ start: 1, step: 5, end: 5, columns: [], rows: [] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
