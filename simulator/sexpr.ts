// S-expression text of dump sets and maps (FORMATS.md 1.4): lists of quoted atoms. Lenient like
// xapi's reader: any whitespace, ';' comments, single or double quotes, backslash makes the next
// byte literal. Bare words are rejected.
export type Sexpr = string | Sexpr[];

export function parseSexpr(text: string): Sexpr {
  let i = 0;
  const skip = () => {
    for (;;) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
      else if (c === ';') { while (i < text.length && text[i] !== '\n') i++; }
      else return;
    }
  };
  const parse = (): Sexpr => {
    skip();
    const c = text[i];
    if (c === '(') {
      i++;
      const list: Sexpr[] = [];
      for (;;) {
        skip();
        if (i >= text.length) throw new Error('unterminated list');
        if (text[i] === ')') { i++; return list; }
        list.push(parse());
      }
    }
    if (c === "'" || c === '"') {
      const q = c; i++;
      let s = '';
      while (i < text.length && text[i] !== q) {
        if (text[i] === '\\') {
          if (i + 1 >= text.length) { s += '\\'; i++; break; } // lone trailing backslash is kept
          s += text[i + 1]; i += 2;
        } else s += text[i++];
      }
      if (text[i] !== q) throw new Error('unterminated atom');
      i++;
      return s;
    }
    throw new Error(`unexpected ${c === undefined ? 'end' : JSON.stringify(c)} at ${i}`);
  };
  const v = parse();
  skip();
  if (i !== text.length) throw new Error('trailing text');
  return v;
}

/** Single left-to-right %-decoding scan (FORMATS.md 1.5). */
export function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '%' || i + 1 >= s.length) { out += c; continue; }
    const n = s[i + 1];
    const rep = n === '_' ? '  ' : n === '.' ? ' ' : n === 't' ? '\t' : n === 'n' ? '\n' : n === 'r' ? '\r' : n === '%' ? '%' : undefined;
    if (rep === undefined) out += c;
    else { out += rep; i++; }
  }
  return out;
}
