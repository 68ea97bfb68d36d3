// Server text in main's log: one line per message, no terminal escapes, no reordering.
import { describe, it, expect } from 'vitest';
import { logSafe } from '../../electron/core/log-safe';

describe('logSafe', () => {
  it('escapes newlines and carriage returns so a name cannot forge a log line', () => {
    expect(logSafe('vm1\n2026-12-06 ERROR forged\r\nline')).toBe('vm1\\n2026-12-06 ERROR forged\\r\\nline');
    expect(logSafe('a\u2028b\u2029c\u0085d')).toBe('a\\u2028b\\u2029c\\x85d');
  });

  it('escapes every other control character: NUL, tab, ESC (ANSI sequences), DEL, C1', () => {
    expect(logSafe('\u0000\t\u001b[31mred\u001b[0m\u007f\u009b2J')).toBe('\\x00\\t\\x1b[31mred\\x1b[0m\\x7f\\x9b2J');
    for (let c = 0; c < 0x20; c++) expect(logSafe(String.fromCharCode(c))).toMatch(/^\\(x[0-9a-f]{2}|[nrt])$/);
  });

  it('escapes bidirectional overrides and isolates (a name shown reversed)', () => {
    expect(logSafe('invoice\u202egpj.exe')).toBe('invoice\\u202egpj.exe');
    expect(logSafe('\u2066x\u2069\u202a')).toBe('\\u2066x\\u2069\\u202a');
  });

  it('leaves ordinary text alone, non-ASCII and quotes included', () => {
    const text = `Export of 'Débian 12 — web' to C:\\VMs\\x.xva failed: VM_BAD_POWER_STATE ["OpaqueRef:1", "halted"] 😀`;
    expect(logSafe(text)).toBe(text);
    expect(logSafe('')).toBe('');
  });
});
