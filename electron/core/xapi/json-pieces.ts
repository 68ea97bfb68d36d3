// Parses a big JSON response while it arrives, a piece at a time, so that neither its bytes nor its
// text are ever held whole: a 10,000-VM event.from is 74 MB, which as one buffer plus one string
// stayed in main's memory (and RSS) long after the load. The big part of such a response is one
// array of objects (event.from's events); its elements are cut into pieces of about PIECE_BYTES at
// a "},{" and each piece is parsed as an array of its own, the rest of the document once at the end.
//
// Why that gives exactly JSON.parse's answer: the grammar is unambiguous, so when every piece
// parses as `[piece]` and the document without the pieces parses too, the whole document parses to
// the same values with the pieces' elements in front of the array's others. A cut in the wrong
// place (a "},{" inside a string) makes its piece fail; then nothing more is cut and the rest is
// parsed with the document. A sentinel first element (random, so no server can forge it) shows
// where the array ended up: if a later duplicate key replaced it, JSON.parse would have dropped
// those elements too, and so do we.
import { randomBytes } from 'node:crypto';

/** About how many bytes of elements one piece holds. */
export const PIECE_BYTES = 1024 * 1024;
/** The big array must open within this many bytes of the start. */
export const HEAD_MAX_BYTES = 64 * 1024;

const OPEN_BRACKET = 0x5b, CLOSE_BRACKET = 0x5d, COMMA = 0x2c;
const CUT = Buffer.from('},{');
/** Cuts tried per piece before giving up on cutting (each failure costs a piece's parse). */
const CUT_TRIES = 3;

const SCALAR_ENDS = new Set([...' \n\r\t,:]}'].map((ch) => ch.charCodeAt(0)));

type Path = Array<string | number>;

/**
 * Where the first array whose first element is an object opens (the index of its "["), and the
 * keys and indexes that lead to it from the top; undefined if none opens in `bytes`. Reads only
 * the structure (strings, brackets, commas) up to there; the final parse checks the rest.
 */
export function findArrayOfObjects(bytes: Buffer): { open: number; path: Path } | undefined {
  const frames: Array<{ array: boolean; key: string | number | undefined; expectKey: boolean }> = [];
  const n = bytes.length;
  let i = 0;
  const skipSpace = () => { while (i < n && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++; };
  while (i < n) {
    skipSpace();
    if (i >= n) return undefined;
    const c = bytes[i];
    const top = frames.at(-1);
    if (c === 0x7b /* { */) {
      frames.push({ array: false, key: undefined, expectKey: true });
      i++;
    } else if (c === OPEN_BRACKET) {
      const open = i;
      i++;
      skipSpace();
      if (i < n && bytes[i] === 0x7b) return { open, path: frames.map((f) => f.key!) };
      frames.push({ array: true, key: 0, expectKey: false });
    } else if (c === 0x7d /* } */ || c === CLOSE_BRACKET) {
      frames.pop();
      i++;
    } else if (c === COMMA) {
      if (top?.array) top.key = (top.key as number) + 1;
      else if (top) top.expectKey = true;
      i++;
    } else if (c === 0x3a /* : */) {
      i++;
    } else if (c === 0x22 /* " */) {
      const start = i;
      i++;
      while (i < n && bytes[i] !== 0x22) i += bytes[i] === 0x5c /* \ */ ? 2 : 1;
      if (i >= n) return undefined;
      i++;
      if (top && !top.array && top.expectKey) {
        try {
          top.key = JSON.parse(bytes.toString('utf8', start, i)) as string;
        } catch {
          return undefined;
        }
        top.expectKey = false;
      }
    } else {
      // A number, true, false or null: up to the next delimiter.
      while (i < n && !SCALAR_ENDS.has(bytes[i])) i++;
    }
  }
  return undefined;
}

/** One response's big array, parsed a piece at a time as its bytes arrive (see the top of the file). */
export class JsonPieces {
  private readonly head: Buffer;
  private readonly path: Path;
  private readonly parse: (text: string) => unknown;
  /** The bytes after the last piece, starting at an element's "{". */
  private rest: Buffer[] = [];
  private restBytes = 0;
  private readonly parsed: unknown[][] = [];
  private cutting = true;

  /** Starts on the response's first bytes, or returns undefined when it has no array of objects near its start. */
  static start(first: Buffer, parse: (text: string) => unknown): JsonPieces | undefined {
    const found = findArrayOfObjects(first.subarray(0, HEAD_MAX_BYTES));
    if (!found) return undefined;
    const pieces = new JsonPieces(Buffer.from(first.subarray(0, found.open + 1)), found.path, parse);
    pieces.push(first.subarray(found.open + 1));
    return pieces;
  }

  private constructor(head: Buffer, path: Path, parse: (text: string) => unknown) {
    this.head = head;
    this.path = path;
    this.parse = parse;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.rest.push(chunk);
    this.restBytes += chunk.length;
    if (this.cutting && this.restBytes >= PIECE_BYTES) this.cut();
  }

  /**
   * Parses everything up to the last "},{" in what has arrived and keeps what follows it. A "},{"
   * inside a string makes the piece fail: the one before it is tried, and after a few such, or with
   * none at all (elements bigger than a piece), nothing more is cut.
   */
  private cut(): void {
    // One byte in front for the "[" that makes the piece an array of its own.
    const buf = Buffer.allocUnsafe(this.restBytes + 1);
    buf[0] = OPEN_BRACKET;
    let at = 1;
    for (const b of this.rest) at += b.copy(buf, at);
    let end = buf.lastIndexOf(CUT);
    for (let tries = 0; end >= 1 && tries < CUT_TRIES; tries++, end = buf.lastIndexOf(CUT, end - 1)) {
      buf[end + 1] = CLOSE_BRACKET;
      let piece: unknown;
      try {
        piece = this.parse(buf.toString('utf8', 0, end + 2));
      } catch {
        piece = undefined;
      }
      buf[end + 1] = COMMA;
      if (Array.isArray(piece)) {
        this.parsed.push(piece);
        this.rest = [buf.subarray(end + 2)];
        this.restBytes = buf.length - end - 2;
        return;
      }
    }
    this.rest = [buf.subarray(1)];
    this.cutting = false;
  }

  /** The whole document, as JSON.parse would give it; throws what parsing the rest throws. */
  end(): unknown {
    const sentinel = `\u0000pieces:${randomBytes(12).toString('hex')}`;
    const text = Buffer.concat([this.head, Buffer.from(`${JSON.stringify(sentinel)},`), ...this.rest]).toString('utf8');
    this.rest = [];
    const doc = this.parse(text);
    let array: unknown = doc;
    for (const key of this.path) {
      array = typeof array === 'object' && array !== null && Object.hasOwn(array, key) ? (array as Record<string | number, unknown>)[key] : undefined;
    }
    if (!Array.isArray(array) || array[0] !== sentinel) return doc;
    const last = array.slice(1);
    array.length = 0;
    for (const piece of this.parsed) for (const v of piece) array.push(v);
    for (const v of last) array.push(v);
    this.parsed.length = 0;
    return doc;
  }
}
