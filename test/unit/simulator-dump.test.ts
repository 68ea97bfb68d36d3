import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDump } from '../../simulator/index';
import { parseSexpr, percentDecode } from '../../simulator/sexpr';
import { dbDumps, hasSharedDir, sharedSkipReason } from '../support/shared-dir';

describe('%-escapes and S-expressions (FORMATS.md 1.4/1.5)', () => {
  it('decodes % escapes in one left-to-right scan', () => {
    expect(percentDecode('Local%.storage')).toBe('Local storage');
    expect(percentDecode('a%_b')).toBe('a  b');
    expect(percentDecode('%%.')).toBe('%.'); // sequential replaces would give "% "
    expect(percentDecode('x%ty%nz%r')).toBe('x\ty\nz\r');
    expect(percentDecode('100%')).toBe('100%');
    expect(percentDecode('%q')).toBe('%q');
  });
  it('parses quoted atoms, escapes, double quotes, comments and whitespace', () => {
    expect(parseSexpr("()")).toEqual([]);
    expect(parseSexpr("('')")).toEqual(['']);
    expect(parseSexpr("(('k' 'it\\'s') ('q' 'say \\\"hi\\\"'))")).toEqual([['k', "it's"], ['q', 'say "hi"']]);
    expect(parseSexpr('( "a"\n\t\'b\' ; comment\n )')).toEqual(['a', 'b']);
    expect(parseSexpr("('a\\\\b')")).toEqual(['a\\b']);
    expect(() => parseSexpr('(bare)')).toThrow();
  });
});

describe.skipIf(!hasSharedDir)('database dumps', () => {
  if (!hasSharedDir) console.log(sharedSkipReason);
  const load = (i: number) => loadDump(readFileSync(dbDumps[i], 'utf8'));

  it('loads all four dumps with every model field present', () => {
    for (let i = 0; i < dbDumps.length; i++) {
      const d = load(i);
      expect(Object.keys(d.VM).length).toBeGreaterThan(50);
      for (const vm of Object.values(d.VM)) {
        expect(vm).toHaveProperty('domain_type'); // missing in these old dumps: filled from the default
        expect(typeof vm.memory_static_max).toBe('number');
        expect(Array.isArray(vm.tags)).toBe(true);
      }
    }
  });

  it('reads exact values from boston-db.xml', () => {
    const d = load(0);
    const byName = (n: string) => Object.values(d.VM).find((v) => v.name_label === n);
    const demo = byName('Demo Linux');
    expect(demo?.power_state).toBe('Running');
    expect((demo?.VBDs as string[]).length).toBe(3); // rebuilt from VBD.VM
    const host = Object.values(d.host).find((h) => h.name_label === 'incubus')!;
    expect(host.API_version_major).toBe(2);
    expect((host.software_version as Record<string, string>).product_version).toBe('5.9.950');
    // %_ pairs inside a map value
    expect((host.cpu_info as Record<string, string>).modelname).toBe('Intel(R) Core(TM)2 CPU          6420  @ 2.13GHz');
    const sm = Object.values(d.SM).find((s) => 'options' in (s.configuration as object))!;
    expect((sm.configuration as Record<string, string>).options).toBe("extra options to pass to mount (deprecated) (e.g. '-o ro')");
    expect(Object.values(d.pool)[0].name_label).toBe('New Pool');
  });

  it('reads sets, snapshots and a standalone pool', () => {
    const small = load(1);
    expect(Object.values(small.pool)[0].name_label).toBe('');
    const g = Object.values(small.GPU_group)[0];
    expect(g.GPU_types).toEqual(['102b/0532']);
    const tampa = load(2);
    const snaps = Object.values(tampa.VM).filter((v) => v.is_a_snapshot).map((v) => v.name_label).sort();
    expect(snaps).toEqual(['fullsnap1', 'localsnap1', 'localsnap2full', 'snap1', 'snap2']);
    const src = Object.entries(tampa.VM).find(([, v]) => v.name_label === 'dlvm_shared')!;
    expect((src[1].snapshots as string[]).length).toBe(3);
    const tmpl = Object.values(tampa.VM).find((v) => typeof (v.other_config as Record<string, string>).disks === 'string')!;
    expect((tmpl.other_config as Record<string, string>).disks).toMatch(/^<provision><disk device="0" size="\d+" sr="" bootable="true" type="system"\/>/);
  });
});
