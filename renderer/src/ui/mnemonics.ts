// Pure: Windows access keys (mnemonics) for menus. "&File" marks F; "&&" is a literal "&". Items
// without a mark get one as Windows menus are usually keyed: the first letter of a word that is still
// free, else any free letter or digit, else none.

export interface Mnemonic {
  /** The label without the marks. */
  text: string;
  /** Index in `text` of the underlined character, or -1. */
  index: number;
}

export function parseMnemonic(label: string): Mnemonic {
  let text = '';
  let index = -1;
  for (let i = 0; i < label.length; i++) {
    const ch = label[i];
    if (ch === '&' && i + 1 < label.length) {
      if (label[i + 1] === '&') { text += '&'; i++; continue; }
      if (index < 0) index = text.length;
      continue;
    }
    text += ch;
  }
  return { text, index };
}

/** The key that picks it: the underlined character, lower case (undefined when none). */
export function mnemonicKey(m: Mnemonic): string | undefined {
  return m.index >= 0 ? m.text[m.index].toLowerCase() : undefined;
}

const KEYABLE = /[\p{L}\p{N}]/u;

/** Access keys for one menu's labels: marked ones first, then the rest in order, each key used once. */
export function assignMnemonics(labels: readonly string[]): Mnemonic[] {
  const out = labels.map(parseMnemonic);
  const used = new Set(out.map(mnemonicKey).filter((k): k is string => k !== undefined));
  const take = (m: Mnemonic, i: number): boolean => {
    const k = m.text[i].toLowerCase();
    if (!KEYABLE.test(k) || used.has(k)) return false;
    used.add(k);
    m.index = i;
    return true;
  };
  for (const m of out) {
    if (m.index >= 0) continue;
    const starts = [...m.text].map((_, i) => i).filter((i) => i === 0 || /[\s(/-]/.test(m.text[i - 1]));
    if (starts.some((i) => take(m, i))) continue;
    for (let i = 0; i < m.text.length && !take(m, i); i++);
  }
  return out;
}

/** Which entries a typed key picks (indexes into the menu), in menu order. */
export function entriesForKey(mnemonics: readonly Mnemonic[], key: string): number[] {
  const k = key.toLowerCase();
  return mnemonics.flatMap((m, i) => (mnemonicKey(m) === k ? [i] : []));
}

/** The key of an Alt+key press from KeyboardEvent.code ("KeyF" -> "f", "Digit1" -> "1"): layout-independent
 * where Alt changes e.key (macOS), undefined for anything else. */
export function altKeyLetter(code: string): string | undefined {
  const m = /^(?:Key([A-Z])|Digit([0-9]))$/.exec(code);
  return m ? (m[1] ?? m[2]).toLowerCase() : undefined;
}
