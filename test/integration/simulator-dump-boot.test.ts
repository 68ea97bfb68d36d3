// Real databases served with --db boot as live pools (FORMATS.md 1.8): every host live and enabled,
// memory that holds its resident VMs with room to spare, and every VM able to start. Checked on
// every dump in ../shared as it is, with its host_metrics table emptied (as a pool whose xapi never
// persisted those rows leaves it: every host.metrics dangles), and saved with its hosts disabled
// and its PBDs unplugged (a booting xapi enables its host and plugs its PBDs).
// The start goes through Xen Orchestra's xen-api client, a caller no one here wrote.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from 'xen-api';
import { startSimulator } from '../../simulator/index';
import { dbDumps, hasSharedDir, sharedSkipReason } from '../support/shared-dir';

type Rec = Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), 'dump-boot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One table's rows rewritten. */
function inTable(xml: string, table: string, edit: (rows: string) => string): string {
  const out = xml.replace(new RegExp(`(<table name="${table}">)([\\s\\S]*?)(</table>)`), (_m, open: string, rows: string, close: string) => open + edit(rows) + close);
  expect(out, table).not.toBe(xml);
  return out;
}
const variants: Record<string, (xml: string) => string> = {
  '': (xml) => xml,
  // a pool whose xapi never persisted host_metrics: every host.metrics dangles
  ' without host_metrics': (xml) => inTable(xml, 'host_metrics', () => ''),
  // saved mid-maintenance: hosts disabled, storage unplugged
  ' with hosts disabled and PBDs unplugged': (xml) => inTable(inTable(xml, 'host', (r) => r.replace(/ enabled="true"/g, ' enabled="false"')), 'PBD', (r) => r.replace(/ currently_attached="true"/g, ' currently_attached="false"')),
};
function variantFile(file: string, variant: string): string {
  if (!variant) return file;
  const out = join(dir, `${variant.trim().replace(/\W+/g, '-')}-${basename(file)}`);
  writeFileSync(out, variants[variant](readFileSync(file, 'utf8')));
  return out;
}

const cases = hasSharedDir ? dbDumps.flatMap((f) => Object.keys(variants).map((v) => [`${basename(f)}${v}`, f, v] as const)) : [];

describe.skipIf(!hasSharedDir)('a database dump boots as a live pool', () => {
  if (!hasSharedDir) console.log(sharedSkipReason);
  it.each(cases)('%s: hosts live and enabled with memory, every halted VM starts through xen-api', async (_name, source, variant) => {
    const file = variantFile(source, variant);
    const sim = await startSimulator({ dbFile: file, taskDurationMs: 50, rrdIntervalMs: 0 });
    const xo = createClient({ url: sim.url, auth: { user: 'root', password: 'xenroot' }, allowUnauthorized: true, debounce: 20 });
    try {
      await xo.connect();
      const hosts = (await xo.call('host.get_all_records')) as Record<string, Rec>;
      const vms = (await xo.call('VM.get_all_records')) as Record<string, Rec>;
      expect(Object.keys(hosts).length).toBeGreaterThan(0);
      for (const [ref, h] of Object.entries(hosts)) {
        const m = (await xo.call('host_metrics.get_record', h.metrics)) as Rec;
        const resident = Object.values(vms).filter((v) => v.resident_on === ref)
          .reduce((a, v) => a + Number(v.memory_dynamic_min) + Number(v.memory_overhead), 0);
        expect([h.name_label, m.live, h.enabled]).toEqual([h.name_label, true, true]);
        expect(Number(m.memory_free), String(h.name_label)).toBeGreaterThan(0);
        expect(Number(m.memory_total), String(h.name_label)).toBeGreaterThanOrEqual(resident + Number(h.memory_overhead));
      }
      // Every guest VM: the running ones hard-shut first (where every VM runs, nothing would be halted),
      // then each started again through XO's own task handling; each dump's VMs all can (their SRs
      // are plugged on a live host, their networks have PIFs there).
      const guests = Object.entries(vms).filter(([, v]) => !v.is_a_template && !v.is_control_domain && !v.is_a_snapshot)
        .sort(([, a], [, b]) => String(a.name_label).localeCompare(String(b.name_label)));
      expect(guests.length).toBeGreaterThan(0);
      for (const [vm, v] of guests) if (v.power_state !== 'Halted') await xo.callAsync('VM.hard_shutdown', vm);
      for (const [vm, v] of guests) {
        expect(await xo.call('VM.get_power_state', vm), String(v.name_label)).toBe('Halted');
        expect(await xo.callAsync('VM.start', vm, false, false)).toBe('');
        expect(await xo.call('VM.get_power_state', vm), String(v.name_label)).toBe('Running');
        expect(Object.keys(hosts)).toContain(await xo.call('VM.get_resident_on', vm));
      }
    } finally {
      await xo.disconnect();
      await sim.close();
    }
  }, 30_000);
});
