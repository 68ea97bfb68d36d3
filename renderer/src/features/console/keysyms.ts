// X11 keysyms for what the console sends itself: special key combinations and text typed as
// keystrokes (paste as keystrokes). Text is mapped for a US keyboard layout: upper-case letters
// and shifted symbols are sent with Shift held, as a user would type them.

export const XK = {
  BackSpace: 0xff08, Tab: 0xff09, Return: 0xff0d, Escape: 0xff1b, Delete: 0xffff,
  Shift_L: 0xffe1, Control_L: 0xffe3, Alt_L: 0xffe9,
  F1: 0xffbe,
} as const;

/** One key: its keysym and the KeyboardEvent.code of the key (noVNC uses it for scancodes). */
export interface Key { keysym: number; code: string | null }

export const KEY_CTRL: Key = { keysym: XK.Control_L, code: 'ControlLeft' };
export const KEY_ALT: Key = { keysym: XK.Alt_L, code: 'AltLeft' };
export const KEY_SHIFT: Key = { keysym: XK.Shift_L, code: 'ShiftLeft' };
export const fKey = (n: number): Key => ({ keysym: XK.F1 + n - 1, code: `F${n}` });

/** A key combination: pressed in order, released in reverse order. */
export interface SpecialKey { id: string; label: string; keys: Key[] }

export const SPECIAL_KEYS: SpecialKey[] = [
  ...Array.from({ length: 12 }, (_, i): SpecialKey => ({ id: `caf${i + 1}`, label: `Ctrl+Alt+F${i + 1}`, keys: [KEY_CTRL, KEY_ALT, fKey(i + 1)] })),
  { id: 'altf4', label: 'Alt+F4', keys: [KEY_ALT, fKey(4)] },
  { id: 'alttab', label: 'Alt+Tab', keys: [KEY_ALT, { keysym: XK.Tab, code: 'Tab' }] },
  { id: 'ctrlesc', label: 'Ctrl+Esc', keys: [KEY_CTRL, { keysym: XK.Escape, code: 'Escape' }] },
];

/** The key events of a combination: [keysym, code, down] in the order they are sent. */
export function comboEvents(keys: readonly Key[]): Array<[number, string | null, boolean]> {
  return [
    ...keys.map((k): [number, string | null, boolean] => [k.keysym, k.code, true]),
    ...[...keys].reverse().map((k): [number, string | null, boolean] => [k.keysym, k.code, false]),
  ];
}

/** One character to type: its keysym and whether Shift is held for it. */
export interface Keystroke { keysym: number; shift: boolean; char: string }

/** Characters that need Shift on a US layout (besides upper-case letters). */
const SHIFTED = new Set('~!@#$%^&*()_+{}|:"<>?');

/** The keysym of one character (X11: Latin-1 is its code point, the rest is 0x01000000 + code point). */
export function charKeysym(ch: string): number | null {
  const cp = ch.codePointAt(0);
  if (cp === undefined) return null;
  if (ch === '\n' || ch === '\r') return XK.Return;
  if (ch === '\t') return XK.Tab;
  if (ch === '\b') return XK.BackSpace;
  if (cp < 0x20 || cp === 0x7f) return null; // other control characters are not typed
  if (cp <= 0x7e || (cp >= 0xa0 && cp <= 0xff)) return cp;
  if (cp >= 0x80 && cp < 0xa0) return null;
  return 0x01000000 + cp;
}

function needsShift(ch: string): boolean {
  if (SHIFTED.has(ch)) return true;
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** Text as keystrokes: "\r\n" and "\r" become one Return; unsupported control characters are dropped. */
export function textToKeystrokes(text: string): Keystroke[] {
  const out: Keystroke[] = [];
  const norm = text.replace(/\r\n?/g, '\n');
  for (const ch of norm) {
    const keysym = charKeysym(ch);
    if (keysym === null) continue;
    out.push({ keysym, shift: keysym < 0xff00 && needsShift(ch), char: ch });
  }
  return out;
}

/** The key events of one keystroke, Shift around it when needed. */
export function keystrokeEvents(k: Keystroke): Array<[number, boolean]> {
  const main: Array<[number, boolean]> = [[k.keysym, true], [k.keysym, false]];
  return k.shift ? [[XK.Shift_L, true], ...main, [XK.Shift_L, false]] : main;
}
