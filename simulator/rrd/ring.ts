// Rows recorded since an RRD was made, oldest first, one Float64Array for all of them: it grows by
// doubling up to the archive's row count and then wraps, so an RRD only holds what it has recorded
// (history before that is synthesised on read, rrd.ts).
export class Ring {
  #data: Float64Array;
  #cap: number;
  #start = 0;
  length = 0;

  constructor(readonly max: number, public width: number) {
    this.#cap = Math.min(max, 8);
    this.#data = new Float64Array(this.#cap * width);
  }

  push(row: ArrayLike<number>): void {
    if (this.length === this.#cap && this.#cap < this.max) this.#grow(Math.min(this.max, this.#cap * 2), this.width);
    const slot = (this.#start + this.length) % this.#cap;
    this.#data.set(row, slot * this.width);
    if (this.length < this.#cap) this.length++;
    else this.#start = (this.#start + 1) % this.#cap;
  }

  /** Value of column `col` in the i-th oldest row. */
  get(i: number, col: number): number {
    return this.#data[((this.#start + i) % this.#cap) * this.width + col];
  }

  clear(): void { this.#start = 0; this.length = 0; }

  /** Adds columns (NaN in every row so far): a data source that appeared after the RRD was made. */
  widen(width: number): void { this.#grow(this.#cap, width); }

  #grow(cap: number, width: number): void {
    const next = new Float64Array(cap * width).fill(NaN);
    for (let i = 0; i < this.length; i++) {
      for (let c = 0; c < this.width; c++) next[i * width + c] = this.get(i, c);
    }
    this.#data = next;
    this.#cap = cap;
    this.#start = 0;
    this.width = width;
  }

  /** Bytes held (memory figures). */
  get bytes(): number { return this.#data.byteLength; }
}
