import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { altKeyLetter, assignMnemonics, entriesForKey, mnemonicKey, parseMnemonic } from '../../renderer/src/ui/mnemonics';
import { aboutRows } from '../../renderer/src/app/build-info';
import { buildInfo } from '../../scripts/build-info';
import { repoRoot } from '../support/repo-root';

describe('menu access keys', () => {
  it('reads "&" marks; "&&" is a literal ampersand', () => {
    expect(parseMnemonic('&File')).toEqual({ text: 'File', index: 0 });
    expect(parseMnemonic('V&M')).toEqual({ text: 'VM', index: 1 });
    expect(parseMnemonic('Save && &Close')).toEqual({ text: 'Save & Close', index: 7 });
    expect(parseMnemonic('Plain')).toEqual({ text: 'Plain', index: -1 });
  });
  it('gives unmarked items a free letter: a word start first, then any letter; marked ones keep theirs', () => {
    const m = assignMnemonics(['Import…', 'Export Server List…', 'Import Server List…', '&Imaginary', 'Iii']);
    expect(m.map(mnemonicKey)).toEqual(['m', 'e', 's', 'i', undefined]);
    expect(assignMnemonics(['Show Custom Templates', 'Show Default Templates']).map(mnemonicKey)).toEqual(['s', 'd']);
    expect(assignMnemonics(['Open Demo Pool', '(none)']).map(mnemonicKey)).toEqual(['o', 'n']);
  });
  it('finds every item a key picks, case-insensitively', () => {
    const m = [parseMnemonic('&Start'), parseMnemonic('&Shut Down'), parseMnemonic('&Reboot')];
    expect(entriesForKey(m, 'S')).toEqual([0, 1]);
    expect(entriesForKey(m, 'r')).toEqual([2]);
    expect(entriesForKey(m, 'x')).toEqual([]);
  });
  it('takes Alt+key from the physical key', () => {
    expect(altKeyLetter('KeyF')).toBe('f');
    expect(altKeyLetter('Digit1')).toBe('1');
    expect(altKeyLetter('AltLeft')).toBeUndefined();
    expect(altKeyLetter('F4')).toBeUndefined();
  });
});

describe('build information', () => {
  it('has the package version, the commit and an id; SOURCE_DATE_EPOCH and XENCLIENT_BUILD_ID win', () => {
    const b = buildInfo(repoRoot, { SOURCE_DATE_EPOCH: '1700000000', XENCLIENT_BUILD_ID: 'ci-417' });
    expect(b.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(b.commit).toMatch(/^[0-9a-f]{12}(-dirty)?$/);
    expect(b).toMatchObject({ date: '2023-11-14T22:13:20.000Z', id: 'ci-417' });
    expect(buildInfo(repoRoot, {}).id).toBe(`${b.version}+${b.commit}`);
  });
  it('a source tree without git says its commit is unknown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xc-build-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '2.3.4' }));
    expect(buildInfo(dir, { GIT_CEILING_DIRECTORIES: tmpdir() }, new Date(0))).toEqual({ version: '2.3.4', commit: 'unknown', date: '1970-01-01T00:00:00.000Z', id: '2.3.4+unknown' });
  });
  it('About shows version, build, commit and date, or says it is not a build', () => {
    expect(aboutRows({ version: '1.2.0', commit: 'abcdef123456', date: '2026-03-04T05:06:07Z', id: '1.2.0+abcdef123456' })).toEqual([
      ['Version', '1.2.0'], ['Build', '1.2.0+abcdef123456'], ['Commit', 'abcdef123456'], ['Built', '2026-03-04 05:06 UTC'],
    ]);
    expect(aboutRows(null)[0][1]).toMatch(/development build/);
  });
});
