// test/support/required-in-ci.ts: a missing test dependency (../shared, Xvnc) skips with one line
// on a developer's machine and fails in CI, where it is always provided.
import { describe, expect, it } from 'vitest';
import { isCi, requiredInCi, type Requirement } from '../support/required-in-ci';

const xvncAbsent: Requirement = { present: false, missing: 'Xvnc not installed (apt-get install tigervnc-standalone-server)', skipping: 'the console tunnel to a real VNC server' };

describe('requiredInCi', () => {
  it('without CI: logs one line naming what is missing and what is skipped, and says skip', () => {
    const lines: string[] = [];
    expect(requiredInCi(xvncAbsent, {}, (l) => lines.push(l))).toBe(false);
    expect(lines).toEqual(['Xvnc not installed (apt-get install tigervnc-standalone-server): skipping the console tunnel to a real VNC server']);
  });
  it('with CI=true: throws that one line instead, so the test file fails', () => {
    const lines: string[] = [];
    expect(() => requiredInCi(xvncAbsent, { CI: 'true' }, (l) => lines.push(l)))
      .toThrow('Xvnc not installed (apt-get install tigervnc-standalone-server): required in CI (CI=true), so the console tunnel to a real VNC server fails instead of skipping');
    expect(lines).toEqual([]);
  });
  it('when the dependency is there: runs, in CI or not, and says nothing', () => {
    const lines: string[] = [];
    expect(requiredInCi({ ...xvncAbsent, present: true }, { CI: 'true' }, (l) => lines.push(l))).toBe(true);
    expect(requiredInCi({ ...xvncAbsent, present: true }, {}, (l) => lines.push(l))).toBe(true);
    expect(lines).toEqual([]);
  });
  it('reads CI as the test runners do: set and non-empty', () => {
    for (const v of ['true', '1']) expect(isCi({ CI: v }), v).toBe(true);
    for (const v of [undefined, '']) expect(isCi({ CI: v }), String(v)).toBe(false);
  });
});
