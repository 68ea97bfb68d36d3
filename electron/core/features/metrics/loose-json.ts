// Hosts before Jul 2023 answered /rrd_updates?json=true with text that is not JSON (FORMATS.md
// 3.5): keys unquoted, numbers bare, NaN and Infinity bare. This rewrites that text into JSON
// token by token, copying strings untouched (legend entries contain ':' and ','), quoting bare
// keys, and turning the bare non-finite numbers into strings the number reader understands.
// Valid JSON passes through unchanged.

const BARE_WORD = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NON_FINITE = new Set(['NaN', 'Infinity', 'nan', 'inf']);

export function looseJsonToJson(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (ch === '-' && text.startsWith('Infinity', i + 1)) {
      out += '"-Infinity"';
      i += 9;
      continue;
    }
    NUMBER.lastIndex = i;
    const n = NUMBER.exec(text);
    if (n) {
      // JSON has no "1." or ".5": write numbers as they read.
      const v = Number(n[0]);
      out += Number.isFinite(v) ? String(v) : `"${String(v)}"`;
      i += n[0].length;
      continue;
    }
    BARE_WORD.lastIndex = i;
    const m = BARE_WORD.exec(text);
    if (m) {
      const word = m[0];
      i += word.length;
      if (word === 'true' || word === 'false' || word === 'null') out += word;
      else if (NON_FINITE.has(word) && !/^\s*:/.test(text.slice(i, i + 16))) out += `"${word}"`;
      else out += JSON.stringify(word); // a bare key (or a stray word JSON.parse will then refuse)
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** Index just past the closing quote of the string opening at `start` (or the text's end). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === '"') return i + 1;
    else i++;
  }
  return text.length;
}
