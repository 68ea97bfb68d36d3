// Parses XAPI JSON-RPC responses. Real hosts may emit the bare float tokens Infinity, -Infinity and
// NaN, which JSON.parse rejects. The fast path is plain JSON.parse; only when that fails do we
// rewrite those tokens, outside string literals only, into marker strings that a reviver turns back
// into numbers. The marker carries a random nonce so a hostile server cannot forge one.
// JSON.parse (with or without a reviver) defines every key, "__proto__" included, as an own data
// property, so parsed objects never get a polluted prototype.
import { randomBytes } from 'node:crypto';

const NON_FINITE: ReadonlyArray<[string, number]> = [['-Infinity', -Infinity], ['Infinity', Infinity], ['NaN', NaN]];

export function parseJson(text: string): unknown {
  try {
    return parseWithNonFinite(text);
  } catch (e) {
    // Hostile input: a response nested thousands of levels deep makes V8's recursive JSON.parse
    // throw RangeError ("Maximum call stack size exceeded"), which reads like a client bug.
    // Report it as what it is, a malformed response (callers map SyntaxError to INVALID_RESPONSE).
    if (e instanceof RangeError) throw new SyntaxError('JSON nested too deeply to read', { cause: e });
    throw e;
  }
}

function parseWithNonFinite(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (first) {
    const nonce = randomBytes(12).toString('hex');
    const rewritten = replaceNonFiniteTokens(text, nonce);
    if (rewritten === null) throw first;
    const markers = new Map<string, number>(NON_FINITE.map(([tok, val]) => [`\u0000xc:${nonce}:${tok}`, val]));
    return JSON.parse(rewritten, (key: string, value: unknown) => {
      // A bare token in key position ({Infinity: 1}) was rewritten into a quoted marker too and
      // would otherwise be accepted as the key "\0xc:<nonce>:Infinity": it is malformed JSON.
      if (markers.has(key)) throw new SyntaxError(`Unexpected ${key.slice(key.lastIndexOf(':') + 1)} used as an object key in JSON`);
      return typeof value === 'string' && markers.has(value) ? markers.get(value) : value;
    });
  }
}

/** Returns the text with non-finite tokens outside strings replaced by markers, or null if there were none. */
function replaceNonFiniteTokens(text: string, nonce: string): string | null {
  const out: string[] = [];
  let last = 0;
  let found = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the whole string literal, honouring backslash escapes.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22) { i++; break; }
        else i++;
      }
      continue;
    }
    if (c === 0x2d /* - */ || c === 0x49 /* I */ || c === 0x4e /* N */) {
      const tok = NON_FINITE.find(([t]) => text.startsWith(t, i));
      if (tok) {
        out.push(text.slice(last, i), JSON.stringify(`\u0000xc:${nonce}:${tok[0]}`));
        i += tok[0].length;
        last = i;
        found = true;
        continue;
      }
    }
    i++;
  }
  if (!found) return null;
  out.push(text.slice(last));
  return out.join('');
}
