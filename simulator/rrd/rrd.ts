// One round-robin database as xcp-rrdd keeps it (FORMATS.md 3.2): step 5 s, four AVERAGE archives
// (120 x 1, 120 x 12, 168 x 720, 366 x 17280 PDPs per row), xff 0.5, heartbeat 300 s, consolidated
// as rrdtool does: each 5 s primary data point (PDP) is added to every archive's current row; a
// row is written when its period ends, as the average of its known PDPs, or NaN when more than
// xff of them are unknown. A DERIVE source is given as a rate and keeps a counter as its last_ds.
//
// Memory: an RRD stores only the rows completed since it was made (`since`, ring.ts). Rows ending
// at or before `since` are synthesised on read by each column's `history` function (NaN without
// one), so a year of history costs nothing until it is recorded over.
import { Ring } from './ring';

export const STEP = 5;
export const HEARTBEAT = 300;
export const XFF = 0.5;
export const ARCHIVES = [{ pdp: 1, rows: 120 }, { pdp: 12, rows: 120 }, { pdp: 720, rows: 168 }, { pdp: 17280, rows: 366 }] as const;

export type DsType = 'GAUGE' | 'DERIVE';
export interface DsDef { name: string; type: DsType; min: number; max: number }
/** A column's value for the row ending at `end` of an archive of period `period` (seconds). */
export type History = (end: number, period: number) => number;

export interface Archive {
  pdp: number;
  rows: number;
  period: number;
  ring: Ring;
  /** End time of the ring's oldest row. */
  firstEnd: number;
  /** The current (incomplete) row: sum of its known PDPs and count of unknown ones, per column. */
  sum: number[];
  unknown: number[];
}

export class Rrd {
  readonly dss: DsDef[] = [];
  readonly #history: (History | undefined)[] = [];
  /** Last raw reading per column: the gauge value, or a DERIVE source's counter. */
  readonly lastDs: number[] = [];
  readonly archives: Archive[];
  lastUpdate: number;

  /** `since`: the time of the last synthesised PDP (a multiple of STEP); recording starts after it. */
  constructor(readonly since: number, dss: { def: DsDef; history?: History }[]) {
    this.lastUpdate = since;
    this.archives = ARCHIVES.map(({ pdp, rows }) => {
      const period = pdp * STEP;
      const end = Math.floor(since / period) * period + period;
      return { pdp, rows, period, ring: new Ring(rows, 0), firstEnd: end, sum: [], unknown: [] };
    });
    for (const d of dss) this.addDs(d.def, d.history);
  }

  /** A new column. With `history`, the current rows start from the synthesised PDPs already past;
   * without, those PDPs are unknown (a source that appeared just now). */
  addDs(def: DsDef, history?: History): number {
    const col = this.dss.length;
    this.dss.push(def);
    this.#history.push(history);
    this.lastDs.push(NaN);
    for (const a of this.archives) {
      a.ring.widen(col + 1);
      const elapsed = (this.lastUpdate - (a.firstEnd + a.ring.length * a.period - a.period)) / STEP;
      const synth = history && this.lastUpdate === this.since ? history(a.firstEnd, a.period) : NaN;
      a.sum.push(Number.isNaN(synth) ? 0 : elapsed * synth);
      a.unknown.push(Number.isNaN(synth) ? elapsed : 0);
    }
    return col;
  }

  /** Records readings (one per column, NaN = unknown) at time t, a multiple of STEP after lastUpdate. */
  update(t: number, readings: number[]): void {
    const dt = t - this.lastUpdate;
    if (!(dt > 0) || dt % STEP !== 0) throw new Error(`rrd update at ${t} after ${this.lastUpdate}`);
    const pdp = this.dss.map((d, i) => {
      let v = readings[i];
      if (d.type === 'DERIVE' && Number.isFinite(v)) this.lastDs[i] = (Number.isFinite(this.lastDs[i]) ? this.lastDs[i] : 0) + v * dt;
      else if (d.type === 'GAUGE') this.lastDs[i] = v;
      // rrdtool: a reading outside [min, max], or after a gap longer than the heartbeat, is unknown.
      if (dt > HEARTBEAT || !(v >= d.min && v <= d.max)) v = NaN;
      return v;
    });
    for (const a of this.archives) this.#feed(a, this.lastUpdate, dt / STEP, pdp);
    this.lastUpdate = t;
  }

  /** Adds n equal PDPs after `from` to one archive, writing each row whose period ends. */
  #feed(a: Archive, from: number, n: number, pdp: number[]): void {
    let t = from;
    while (n > 0) {
      const rowEnd = a.firstEnd + a.ring.length * a.period;
      if (t === rowEnd - a.period && n > (a.rows + 1) * a.pdp) {
        // A gap longer than the archive (a stalled process): rows it would overwrite anyway are skipped.
        const k = Math.floor(n / a.pdp) - a.rows;
        a.ring.clear();
        a.firstEnd = rowEnd + k * a.period;
        t += k * a.period;
        n -= k * a.pdp;
        continue;
      }
      const take = Math.min(n, (rowEnd - t) / STEP);
      for (let i = 0; i < pdp.length; i++) {
        if (Number.isNaN(pdp[i])) a.unknown[i] += take; else a.sum[i] += take * pdp[i];
      }
      t += take * STEP;
      n -= take;
      if (t === rowEnd) this.#completeRow(a);
    }
  }

  #completeRow(a: Archive): void {
    const row = a.sum.map((s, i) => (a.unknown[i] / a.pdp > XFF ? NaN : s / (a.pdp - a.unknown[i])));
    if (a.ring.length === a.rows) a.firstEnd += a.period;
    a.ring.push(row);
    a.sum.fill(0);
    a.unknown.fill(0);
  }

  /** End time of an archive's newest row (FORMATS.md 3.6: floor(lastupdate / period) * period). */
  lastRowEnd(archive: number): number {
    const p = this.archives[archive].period;
    return Math.floor(this.lastUpdate / p) * p;
  }

  /** The value of column `col` in the row of archive `archive` ending at `end`. */
  value(archive: number, end: number, col: number): number {
    const a = this.archives[archive];
    if (end <= this.since) return this.#history[col]?.(end, a.period) ?? NaN;
    const i = (end - a.firstEnd) / a.period;
    return i >= 0 && i < a.ring.length ? a.ring.get(i, col) : NaN;
  }

  /** Bytes of recorded rows (memory figures). */
  get bytes(): number { return this.archives.reduce((n, a) => n + a.ring.bytes + a.sum.length * 16, 0); }
}
