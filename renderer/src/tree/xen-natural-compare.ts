// XenCenter's StringUtility.NaturalCompare (XenCenterLib/StringUtility.cs), the order of every name
// in its organisation views: case-insensitive; a run of digits against a run of digits compares
// shorter-is-smaller first ("vm9" < "vm10", "vm1" < "vm01"), then digit by digit; anything else
// character by character in the culture's case-insensitive order; a prefix sorts first. Pure.

const charOrder = new Intl.Collator(undefined, { sensitivity: 'accent' });
const DIGIT = /\p{Nd}/u;
const isDigit = (c: string): boolean => DIGIT.test(c);

export function xenNaturalCompare(s1: string, s2: string): number {
  if (charOrder.compare(s1, s2) === 0) return 0;
  // Compared as UTF-16 units, as .NET's char[] is.
  const n = Math.min(s1.length, s2.length);
  for (let i = 0; i < n; i++) {
    const c1 = s1[i];
    const c2 = s2[i];
    const d1 = isDigit(c1);
    const d2 = isDigit(c2);
    if (d1 && d2) {
      let j = 1;
      while (i + j < s1.length && isDigit(s1[i + j])) j++;
      let k = 1;
      while (i + k < s2.length && isDigit(s2[i + k])) k++;
      if (j !== k) return j < k ? -1 : 1;
      for (let m = i; m < i + j; m++) {
        if (s1.charCodeAt(m) !== s2.charCodeAt(m)) return s1.charCodeAt(m) - s2.charCodeAt(m);
      }
      i += j - 1;
      continue;
    }
    const r = charOrder.compare(c1, c2);
    if (r !== 0 || d1 !== d2) return r;
  }
  return s1.length - s2.length;
}
