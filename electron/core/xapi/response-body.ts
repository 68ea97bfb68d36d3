// A response body collected for one parse. When the server says its length (XAPI's JSON-RPC does),
// the bytes go straight into one buffer of that size, so a 74 MB event.from (10,000 VMs) is not held
// twice (its chunks and their concatenation) before it becomes a string: main's peak memory, and the
// RSS it keeps afterwards, drop by that much. Without a usable length, the chunks are kept and joined.
export class ResponseBody {
  private buf: Buffer | undefined;
  private used = 0;
  private chunks: Buffer[] = [];

  /** `declared`: the Content-Length header, trusted only as a size hint up to `maxBytes`. */
  constructor(declared: string | undefined, maxBytes: number) {
    const n = declared !== undefined && /^\d{1,12}$/.test(declared) ? Number(declared) : NaN;
    if (Number.isSafeInteger(n) && n > 0 && n <= maxBytes) this.buf = Buffer.allocUnsafe(n);
  }

  push(chunk: Buffer): void {
    if (this.buf && this.used + chunk.length <= this.buf.length) {
      chunk.copy(this.buf, this.used);
      this.used += chunk.length;
      return;
    }
    // More than declared: keep what came in order and go on with a list.
    if (this.buf) { this.chunks.push(this.buf.subarray(0, this.used)); this.buf = undefined; }
    this.chunks.push(chunk);
  }

  text(): string {
    if (this.buf) return this.buf.toString('utf8', 0, this.used);
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
