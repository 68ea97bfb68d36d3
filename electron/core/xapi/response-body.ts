// A response body collected for one parse (XML-RPC answers, and JSON-RPC answers JsonBody does not
// take in pieces). When the server says its length (XAPI's JSON-RPC does), the bytes go straight into
// one buffer of that size, so a big body is not held twice (its chunks and their concatenation)
// before it becomes a string. Without a usable length, the chunks are kept and joined.
import { HEAD_MAX_BYTES, JsonPieces } from './json-pieces';

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

/** A body smaller than this (by its Content-Length) is parsed whole; a bigger one, or one of unknown length, may go in pieces. */
export const PIECES_MIN_BYTES = 4 * 1024 * 1024;

/**
 * A JSON response body, parsed as it arrives when it is big and opens with an array of objects
 * (json-pieces.ts: event.from's 74 MB at 10,000 VMs is then never held as bytes or text at once),
 * otherwise read whole like ResponseBody. Which one is decided once HEAD_MAX_BYTES have come.
 */
export class JsonBody {
  private whole: ResponseBody | undefined;
  private pieces: JsonPieces | undefined;
  private first: Buffer[] | undefined = [];
  private firstBytes = 0;

  constructor(private readonly declared: string | undefined, private readonly maxBytes: number, private readonly parse: (text: string) => unknown) {
    const n = declared !== undefined && /^\d{1,12}$/.test(declared) ? Number(declared) : NaN;
    if (n < PIECES_MIN_BYTES) this.useWhole();
  }

  push(chunk: Buffer): void {
    if (this.pieces) this.pieces.push(chunk);
    else if (this.whole) this.whole.push(chunk);
    else {
      this.first!.push(chunk);
      this.firstBytes += chunk.length;
      if (this.firstBytes >= HEAD_MAX_BYTES) {
        const first = Buffer.concat(this.first!);
        this.first = undefined;
        this.pieces = JsonPieces.start(first, this.parse);
        if (!this.pieces) this.useWhole().push(first);
      }
    }
  }

  /** The parsed document; throws what the parse throws (a SyntaxError for what is not JSON). */
  value(): unknown {
    if (this.pieces) return this.pieces.end();
    if (this.whole) return this.parse(this.whole.text());
    return this.parse(Buffer.concat(this.first!).toString('utf8'));
  }

  private useWhole(): ResponseBody {
    this.first = undefined;
    this.whole = new ResponseBody(this.declared, this.maxBytes);
    return this.whole;
  }
}
