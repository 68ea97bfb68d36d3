// GET /rrd_updates's document (FORMATS.md 3.4, 3.5; xapi-rrd Rrd_updates.create_multi): the rows
// of one archive timescale since `start`, newest first, one column per (object, data source).
import { rrdNumber } from './number-text';
import { ARCHIVES, STEP, type Rrd } from './rrd';

export interface XportObject { kind: 'host' | 'vm' | 'sr'; uuid: string; rrd: Rrd }
export interface Xport { start: number; step: number; end: number; legend: string[]; rows: { t: number; values: number[] }[] }

const CFS = new Set(['AVERAGE', 'MIN', 'MAX', 'LAST']);

/** The archive rrd_updates reads (Rrd.find_best_rras): the first whose PDPs per row are at least
 * interval / 5 and whose span still reaches back past `start`; else the longest. */
export function chooseArchive(lastUpdate: number, start: number, interval: number): number {
  const pdpInterval = Math.floor(interval / STEP);
  const i = ARCHIVES.findIndex((a) => a.pdp >= pdpInterval && start > lastUpdate - STEP * a.rows * a.pdp);
  return i >= 0 ? i : ARCHIVES.length - 1;
}

/** undefined when the cf names a consolidation no archive has (only AVERAGE is kept): xapi's No_RRA_Available. */
export function xport(objects: XportObject[], lastUpdate: number, q: { start: number; interval: number; cf?: string }): Xport | undefined {
  // An unknown cf name means "every cf", as xapi's parser falls back to None.
  if (q.cf !== undefined && CFS.has(q.cf) && q.cf !== 'AVERAGE') return undefined;
  const start = q.start < 0 ? q.start + lastUpdate : q.start;
  const archive = chooseArchive(lastUpdate, start, q.interval);
  const { pdp, rows: capacity } = ARCHIVES[archive];
  const period = pdp * STEP;
  const end = Math.floor(lastUpdate / period) * period;
  const legend: string[] = [];
  for (const o of objects) for (const ds of o.rrd.dss) legend.push(`AVERAGE:${o.kind}:${o.uuid}:${ds.name}`);
  const rows: Xport['rows'] = [];
  for (let i = 0; i < capacity; i++) {
    const t = end - i * period;
    if (t < start) break;
    const values: number[] = [];
    for (const o of objects) for (let c = 0; c < o.rrd.dss.length; c++) values.push(o.rrd.value(archive, t, c));
    rows.push({ t, values });
  }
  // meta start/end: the oldest and newest row returned (with no rows, the first row time after start).
  const first = rows.length ? rows[rows.length - 1].t : Math.floor(start / period) * period + period;
  return { start: first, step: period, end, legend, rows };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** rrdtool xport XML, on one line as xcp-rrdd writes it. */
export function xportXml(x: Xport): string {
  const legend = x.legend.map((e) => `<entry>${esc(e)}</entry>`).join('');
  const data = x.rows.map((r) => `<row><t>${r.t}</t>${r.values.map((v) => `<v>${rrdNumber(v)}</v>`).join('')}</row>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><xport><meta><start>${x.start}</start><step>${x.step}</step><end>${x.end}</end>`
    + `<rows>${x.rows.length}</rows><columns>${x.legend.length}</columns><legend>${legend}</legend></meta><data>${data}</data></xport>`;
}

/** The current JSON generation: valid JSON, `data` beside `meta`, every scalar a string. */
export function xportJson(x: Xport): string {
  return JSON.stringify({
    meta: { start: String(x.start), step: String(x.step), end: String(x.end), rows: String(x.rows.length), columns: String(x.legend.length), legend: x.legend },
    data: x.rows.map((r) => ({ t: String(r.t), values: r.values.map(rrdNumber) })),
  });
}
