// How well a text matches what was typed in the command palette. Pure and allocation-light: it runs over
// every object of every connected pool (thousands of VMs) on each key press.
// Tiers, so that ranking is plain number order: exact > prefix > start of a word > inside > subsequence.

export const EXACT = 1000;
export const PREFIX = 900;
export const WORD_PREFIX = 700;
export const SUBSTRING = 500;
export const FUZZY = 300;

/** Lower case, the ellipsis of "Properties…" dropped, runs of spaces made one. */
export function normalize(s: string): string {
  return s.toLowerCase().replace(/…/g, '').replace(/\s+/g, ' ').trim();
}

const isWordChar = (c: string): boolean => /[\p{L}\p{N}]/u.test(c);

/**
 * The score of `text` for `query`, both normalized; null when it does not match at all. Inside a tier a
 * shorter text (a closer match) or an earlier hit scores higher, never reaching the tier above.
 */
export function score(text: string, query: string): number | null {
  if (!query) return null;
  if (text === query) return EXACT;
  const at = text.indexOf(query);
  if (at === 0) return PREFIX + Math.max(1, 99 - (text.length - query.length));
  if (at > 0) {
    // The first hit at the start of a word ("web" in "old-web-01", "down" in "shut down").
    for (let i = at; i >= 0; i = text.indexOf(query, i + 1)) {
      if (!isWordChar(text[i - 1])) return WORD_PREFIX + Math.max(1, 99 - i);
    }
    return SUBSTRING + Math.max(1, 99 - at);
  }
  return fuzzy(text, query);
}

/** Every typed character in order ("shtdwn" in "shut down"), spaces typed ignored; a match spread too
 * thin (more than three text characters per typed one) is no match: it would list half of a big pool. */
function fuzzy(text: string, query: string): number | null {
  let first = -1;
  let last = -1;
  let gaps = 0;
  let n = 0;
  let i = 0;
  for (const c of query) {
    if (c === ' ') continue;
    const j = text.indexOf(c, i);
    if (j < 0) return null;
    if (first < 0) first = j;
    else if (j !== last + 1) gaps++;
    last = j;
    i = j + 1;
    n++;
  }
  if (n === 0 || last - first + 1 > n * 3) return null;
  return Math.max(1, FUZZY - 10 * gaps - first);
}
