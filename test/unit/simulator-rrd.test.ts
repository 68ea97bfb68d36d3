// The simulator's RRD engine in isolation: number text (FORMATS.md 3.3), rrdtool consolidation
// (average of PDPs, xff 0.5, heartbeat), archive choice (3.2) and the Accept rule (3.1).
import { describe, expect, it } from 'vitest';
import { rrdNumber } from '../../simulator/rrd/number-text';
import { ARCHIVES, Rrd } from '../../simulator/rrd/rrd';
import { chooseArchive } from '../../simulator/rrd/xport';
import { prefersJson } from '../../simulator/rrd/http';
import { curveAt, seedOf } from '../../simulator/rrd/synth';

describe('RRD number text', () => {
  it.each([
    [0, '0.0'], [-0, '0.0'], [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'],
    [0.0123, '0.0123'], [7436432, '7436432'], [671088640, '671088640'], [0.1 + 0.2, '0.3'], [-0.5, '-0.5'], [1, '1'],
    [1 / 3, '0.333333333333333'], [2 / 3, '0.666666666666667'], [123456.7890123456, '123456.789012346'],
    [0.0001, '0.0001'], [0.00001, '1e-05'], [1.5e-7, '1.5e-07'], [1e15, '1e+15'], [999999999999999, '999999999999999'],
    [1.23456789012345e17, '1.23456789012345e+17'], [2 ** 60, '1.15292150460685e+18'], [4294967296, '4294967296'],
  ])('%s → %s (%%0.15g)', (x, text) => { expect(rrdNumber(x)).toBe(text); });
});

const gauge = { name: 'g', type: 'GAUGE' as const, min: 0, max: Infinity };

describe('RRD consolidation', () => {
  it('a 1-minute row is the average of its 12 PDPs; more than half unknown (xff 0.5) is NaN', () => {
    const rrd = new Rrd(0, [{ def: gauge }]);
    for (let i = 1; i <= 12; i++) rrd.update(i * 5, [i]);
    expect(rrd.value(1, 60, 0)).toBeCloseTo(6.5, 12);
    expect(rrd.value(0, 60, 0)).toBe(12);
    expect(rrd.value(0, 5, 0)).toBe(1);
    // Second minute: 6 unknown of 12 is still within xff, 7 is not (third minute).
    for (let i = 13; i <= 24; i++) rrd.update(i * 5, [i <= 18 ? NaN : 10]);
    expect(rrd.value(1, 120, 0)).toBe(10);
    for (let i = 25; i <= 36; i++) rrd.update(i * 5, [i <= 31 ? NaN : 10]);
    expect(rrd.value(1, 180, 0)).toBeNaN();
  });

  it('a DERIVE source keeps a counter as last_ds; out-of-range readings and gaps past the heartbeat are unknown', () => {
    const rrd = new Rrd(0, [{ def: { name: 'd', type: 'DERIVE', min: 0, max: 1 } }]);
    rrd.update(5, [0.5]);
    rrd.update(10, [0.25]);
    expect(rrd.lastDs[0]).toBeCloseTo(3.75, 12);
    rrd.update(15, [2]);
    expect(rrd.value(0, 15, 0)).toBeNaN();
    rrd.update(15 + 305, [0.5]);
    expect(rrd.value(0, 320, 0)).toBeNaN();
    expect(rrd.value(0, 10, 0)).toBe(0.25);
  });

  it('rows before `since` come from the history function; the row in progress starts from it', () => {
    const rrd = new Rrd(50, [{ def: gauge, history: (end, period) => end + period / 1000 }]);
    expect(rrd.value(0, 50, 0)).toBe(50.005);
    expect(rrd.value(1, 0, 0)).toBe(0.06);
    // Minute (0, 60]: 10 synthesised PDPs of 60.06 and 2 recorded.
    rrd.update(55, [0]);
    rrd.update(60, [0]);
    expect(rrd.value(1, 60, 0)).toBeCloseTo((10 * 60.06) / 12, 9);
    expect(rrd.value(0, 55, 0)).toBe(0);
  });

  it('a gap longer than an archive keeps row times on the archive grid (timestamp rule)', () => {
    const rrd = new Rrd(0, [{ def: gauge }]);
    rrd.update(5, [1]);
    const later = 5 + 86_400 * 3;
    for (let t = later - 250; t <= later; t += 5) rrd.update(t, [7]);
    expect(rrd.lastRowEnd(0)).toBe(later);
    expect(rrd.value(0, later, 0)).toBe(7);
    expect(rrd.value(0, later - 119 * 5, 0)).toBeNaN();
    expect(rrd.value(0, later - 5, 0)).toBe(7);
  });

  it('a source added later is NaN before it appeared', () => {
    const rrd = new Rrd(0, [{ def: gauge }]);
    rrd.update(5, [1]);
    const col = rrd.addDs({ ...gauge, name: 'new' });
    rrd.update(10, [1, 4]);
    expect(rrd.value(0, 5, col)).toBeNaN();
    expect(rrd.value(0, 10, col)).toBe(4);
    expect(rrd.value(0, 10, 0)).toBe(1);
  });
});

describe('archive choice and synthetic curves', () => {
  const last = 1_000_000_000;
  it.each([
    [5, last - 300, 0], [60, last - 300, 1], [3600, last - 300, 2], [86400, last - 300, 3],
    [0, last - 3 * 3600, 2], [5, last - 3 * 3600, 2], [0, last - 30 * 86400, 3], [5, 0, 3],
  ])('interval %s, start %s → archive %s', (interval, start, archive) => {
    expect(chooseArchive(last, start, interval)).toBe(archive);
  });

  it('the archives are 120x1, 120x12, 168x720, 366x17280', () => {
    expect(ARCHIVES.map((a) => [a.rows, a.pdp])).toEqual([[120, 1], [120, 12], [168, 720], [366, 17280]]);
  });

  it('a curve depends only on its seed and time, and a coarse row is near the average of its fine rows', () => {
    const c = { seed: seedOf('uuid:cpu0'), level: 0.3, daily: 0.5, noise: 0.3, min: 0, max: 1 };
    expect(curveAt(c, 86_400, 3600)).toBe(curveAt({ ...c }, 86_400, 3600));
    expect(curveAt({ ...c, seed: seedOf('other:cpu0') }, 86_400, 3600)).not.toBe(curveAt(c, 86_400, 3600));
    let fine = 0;
    for (let t = 3605; t <= 7200; t += 5) fine += curveAt(c, t, 5) / 720;
    expect(Math.abs(fine - curveAt(c, 7200, 3600))).toBeLessThan(0.03);
  });
});

describe('format choice (FORMATS.md 3.1)', () => {
  const none = new URLSearchParams();
  const json = new URLSearchParams('json=true');
  it.each([
    [undefined, none, false], ['*/*', none, true], ['text/xml', none, false], ['application/json', none, true],
    ['text/xml', json, true], [undefined, json, true], ['text/xml, application/json;q=0.5', none, false],
    ['application/json;q=0.9, text/*', none, false], ['application/*', none, true], ['text/html', none, false],
  ])('Accept %s, query %s → JSON %s', (accept, q, expected) => { expect(prefersJson(accept, q)).toBe(expected); });
});
