// Real databases served with --db boot as live pools (FORMATS.md 1.8): every host live and enabled,
// memory that holds its resident VMs with room to spare, and a halted VM that starts. Checked on
// every dump in ../shared as it is, and with its host_metrics table emptied, as a dump of a pool
// whose xapi never persisted those rows is (there every host.metrics dangles and must be recreated).
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

/** The dump with no host_metrics rows (and every host.metrics left dangling). */
function withoutHostMetrics(file: string): string {
  const xml = readFileSync(file, 'utf8');
  const stripped = xml.replace(/(<table name="host_metrics">)[\s\S]*?(<\/table>)/, '$1$2');
  expect(stripped).not.toBe(xml);
  const out = join(dir, `no-host-metrics-${basename(file)}`);
  writeFileSync(out, stripped);
  return out;
}

const cases = hasSharedDir ? dbDumps.flatMap((f) => [[basename(f), f], [`${basename(f)} without host_metrics`, f]] as const) : [];

describe.skipIf(!hasSharedDir)('a database dump boots as a live pool', () => {
  if (!hasSharedDir) console.log(sharedSkipReason);
  it.each(cases)('%s: hosts live and enabled with memory, a halted VM starts through xen-api', async (name, source) => {
    const file = name.endsWith('without host_metrics') ? withoutHostMetrics(source) : source;
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
      // A guest VM (sorted by name, so the choice is stable); where every VM runs, hard-shut one first.
      const guests = Object.entries(vms).filter(([, v]) => !v.is_a_template && !v.is_control_domain && !v.is_a_snapshot)
        .sort(([, a], [, b]) => String(a.name_label).localeCompare(String(b.name_label)));
      expect(guests.length).toBeGreaterThan(0);
      const halted = guests.find(([, v]) => v.power_state === 'Halted');
      const vm = halted?.[0] ?? guests[0][0];
      if (!halted) {
        await xo.callAsync('VM.hard_shutdown', vm);
        expect(await xo.call('VM.get_power_state', vm)).toBe('Halted');
      }
      expect(await xo.callAsync('VM.start', vm, false, false)).toBe('');
      expect(await xo.call('VM.get_power_state', vm)).toBe('Running');
      expect(Object.keys(hosts)).toContain(await xo.call('VM.get_resident_on', vm));
    } finally {
      await xo.disconnect();
      await sim.close();
    }
  }, 30_000);
});
