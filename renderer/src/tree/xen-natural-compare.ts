// XenCenter's StringUtility.NaturalCompare (XenCenterLib/StringUtility.cs), the order of every name
// in its organisation views: case-insensitive; a run of digits against a run of digits compares
// shorter-is-smaller first ("vm9" < "vm10", "vm1" < "vm01"), then digit by digit; anything else
// character by character in the culture's case-insensitive order; a prefix sorts first. Pure.

const charOrder = new Intl.Collator(undefined, { sensitivity: 'accent' });
const DIGIT = /\p{Nd}/u;
const isDigit = (code: number, c: string): boolean => (code < 128 ? code >= 48 && code <= 57 : DIGIT.test(c));
const isAscii = (s: string): boolean => { for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false; return true; };

// The collator's order of the ASCII characters, ranked once: a tree of thousands of names is sorted
// on every change, and a table lookup is many times cheaper than the collator per character.
const ASCII_RANK = (() => {
  const codes = Array.from({ length: 128 }, (_, i) => i).sort((a, b) => charOrder.compare(String.fromCharCode(a), String.fromCharCode(b)));
  const rank = new Int16Array(128);
  codes.forEach((code, i) => {
    const prev = codes[i - 1];
    rank[code] = i > 0 && charOrder.compare(String.fromCharCode(prev), String.fromCharCode(code)) === 0 ? rank[prev] : i;
  });
  return rank;
})();

function compareChar(a: number, b: number, ca: string, cb: string): number {
  return a < 128 && b < 128 ? ASCII_RANK[a] - ASCII_RANK[b] : charOrder.compare(ca, cb);
}

export function xenNaturalCompare(s1: string, s2: string): number {
  if (s1 === s2) return 0;
  // Equal to the culture ignoring case is equal (only non-ASCII text can be so without the loop saying it).
  if ((!isAscii(s1) || !isAscii(s2)) && charOrder.compare(s1, s2) === 0) return 0;
  // Compared as UTF-16 units, as .NET's char[] is.
  const n = Math.min(s1.length, s2.length);
  for (let i = 0; i < n; i++) {
    const a = s1.charCodeAt(i);
    const b = s2.charCodeAt(i);
    const d1 = isDigit(a, s1[i]);
    const d2 = isDigit(b, s2[i]);
    if (d1 && d2) {
      let j = 1;
      while (i + j < s1.length && isDigit(s1.charCodeAt(i + j), s1[i + j])) j++;
      let k = 1;
      while (i + k < s2.length && isDigit(s2.charCodeAt(i + k), s2[i + k])) k++;
      if (j !== k) return j < k ? -1 : 1;
      for (let m = i; m < i + j; m++) {
        if (s1.charCodeAt(m) !== s2.charCodeAt(m)) return s1.charCodeAt(m) - s2.charCodeAt(m);
      }
      i += j - 1;
      continue;
    }
    if (a === b) continue;
    const r = compareChar(a, b, s1[i], s2[i]);
    if (r !== 0 || d1 !== d2) return r;
  }
  return s1.length - s2.length;
}
