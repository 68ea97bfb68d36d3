// New VM pure logic: the "disks" XML rewrite, template limits, the vCPU/memory rules of
// SEMANTICS.md 4 and the VCPU setter order, the request check, and the wizard's defaults.
import { describe, expect, it } from 'vitest';
import { parseProvisionDisks, rewriteProvisionDisks } from '../../shared/new-vm/provision-disks';
import { cpuMemoryProblems, templateLimits, vcpuCalls, type CpuMemory } from '../../shared/new-vm/cpu-memory';
import { parseNewVmSpec } from '../../shared/new-vm/spec';
import { draftFromTemplate, emptyDraft, pageProblems, toSpec, topologyChoices, GiB, MiB } from '../../renderer/src/features/new-vm/draft';
import { templateItems } from '../../renderer/src/features/new-vm/catalog';
import type { AppState } from '../../renderer/src/state/store';

const XML = `<provision><disk device="0" size="10737418240" sr="" bootable="true" type="system" ionice="6"/>
  <disk bootable='false' device='1' size='1073741824' sr='' type='user'/></provision>`;

describe('provision disks XML', () => {
  it('reads every disk', () => {
    expect(parseProvisionDisks(XML)).toEqual([
      { device: '0', size: 10 * GiB, sr: '', bootable: true, type: 'system' },
      { device: '1', size: 1 * GiB, sr: '', bootable: false, type: 'user' },
    ]);
    expect(parseProvisionDisks('')).toEqual([]);
  });
  it('rewrites sr and size by device and leaves everything else as written', () => {
    const out = rewriteProvisionDisks(XML, { 0: { sr: 'uuid-a', size: 12 * GiB }, 1: { sr: 'uuid-"b"&', size: 2 * GiB } });
    expect(out).toContain('<disk device="0" size="12884901888" sr="uuid-a" bootable="true" type="system" ionice="6"/>');
    expect(out).toContain(`<disk bootable='false' device='1' size="2147483648" sr="uuid-&quot;b&quot;&amp;" type='user'/>`);
    expect(out.startsWith('<provision>') && out.endsWith('</provision>')).toBe(true);
    expect(parseProvisionDisks(out).map((d) => [d.sr, d.size])).toEqual([['uuid-a', 12 * GiB], ['uuid-"b"&', 2 * GiB]]);
  });
  it('adds a missing sr attribute, and refuses to leave a disk without a choice', () => {
    expect(rewriteProvisionDisks('<provision><disk device="0" size="1"/></provision>', { 0: { sr: 'u', size: 5 } }))
      .toBe('<provision><disk device="0" size="5" sr="u"/></provision>');
    expect(() => rewriteProvisionDisks(XML, { 0: { sr: 'u', size: 1 } })).toThrow(/disk 1/);
  });
});

describe('vCPU and memory rules', () => {
  const ok: CpuMemory = { vcpusMax: 4, vcpusAtStartup: 2, coresPerSocket: 2, staticMin: 512 * MiB, staticMax: 4 * GiB, dynamicMin: 1 * GiB, dynamicMax: 2 * GiB };
  it('accepts a valid choice', () => {
    expect(cpuMemoryProblems(ok, {}, 16)).toEqual([]);
  });
  it('reports each order rule at its field', () => {
    expect(cpuMemoryProblems({ ...ok, dynamicMin: 256 * MiB }, {}).map((p) => p.field)).toEqual(['dynamicMin']);
    expect(cpuMemoryProblems({ ...ok, dynamicMin: 3 * GiB }, {})[0].message).toMatch(/must not exceed the dynamic maximum/);
    expect(cpuMemoryProblems({ ...ok, dynamicMax: 5 * GiB }, {}).map((p) => p.field)).toEqual(['dynamicMax']);
    expect(cpuMemoryProblems({ ...ok, vcpusAtStartup: 5 }, {}).map((p) => p.field)).toEqual(['vcpusAtStartup']);
    expect(cpuMemoryProblems({ ...ok, vcpusMax: 3 }, {}).map((p) => p.field)).toEqual(['coresPerSocket']);
    expect(cpuMemoryProblems({ ...ok, vcpusMax: NaN }, {}).map((p) => p.field)).toContain('vcpusMax');
  });
  it('applies the template limits and the largest server', () => {
    const limits = templateLimits('<restrictions><restriction field="vcpus-max" max="2"/><restriction field="memory-static-max" max="3221225472"/><restriction property="number-of-vifs" max="4"/></restrictions>');
    expect(limits).toEqual({ vcpusMax: 2, memoryStaticMax: 3 * GiB, vifsMax: 4 });
    expect(cpuMemoryProblems(ok, limits).map((p) => p.message)).toEqual(['This template allows at most 2 vCPUs.', 'This template allows at most 3 GiB of memory.']);
    expect(cpuMemoryProblems(ok, {}, 2)[0].message).toMatch(/HOST_NOT_ENOUGH_PCPUS/);
  });
  it('orders the VCPU setters so that 0 < at_startup ≤ max holds after each call', () => {
    expect(vcpuCalls({ max: 2, atStartup: 2 }, { max: 8, atStartup: 4 })).toEqual([['VM.set_VCPUs_max', 8], ['VM.set_VCPUs_at_startup', 4]]);
    expect(vcpuCalls({ max: 8, atStartup: 8 }, { max: 2, atStartup: 1 })).toEqual([['VM.set_VCPUs_at_startup', 1], ['VM.set_VCPUs_max', 2]]);
    expect(vcpuCalls({ max: 4, atStartup: 4 }, { max: 4, atStartup: 4 })).toEqual([]);
    // Every intermediate state is valid, whatever the numbers.
    for (const [a, b, c, d] of [[1, 1, 16, 16], [16, 16, 1, 1], [8, 2, 4, 4], [4, 4, 8, 1], [3, 1, 2, 2]]) {
      let cur = { max: a, atStartup: b };
      for (const [m, n] of vcpuCalls(cur, { max: c, atStartup: d })) {
        cur = m === 'VM.set_VCPUs_max' ? { ...cur, max: n } : { ...cur, atStartup: n };
        expect(cur.atStartup >= 1 && cur.atStartup <= cur.max).toBe(true);
      }
      expect(cur).toEqual({ max: c, atStartup: d });
    }
  });
});

const REF = (n: string) => `OpaqueRef:${n}`;
/** A pool as the renderer's store holds it: two SRs (the NFS one default), an ISO, two networks, two templates. */
function store(): Pick<AppState, 'objects' | 'connections'> {
  const cls = (entries: Record<string, Record<string, unknown>>) => new Map(Object.entries(entries));
  const objects = new Map([['c', new Map([
    ['pool', cls({ [REF('pool')]: { default_SR: REF('nfs') } })],
    ['host', cls({ [REF('h1')]: { name_label: 'h1', enabled: true, metrics: REF('hm1'), cpu_info: { cpu_count: '8' } } })],
    ['host_metrics', cls({ [REF('hm1')]: { live: true, memory_free: 8 * GiB } })],
    ['pbd', cls({ [REF('p1')]: { host: REF('h1'), currently_attached: true }, [REF('p2')]: { host: REF('h1'), currently_attached: true } })],
    ['sr', cls({
      [REF('local')]: { name_label: 'Local storage', content_type: 'user', shared: false, PBDs: [REF('p1')], physical_size: 100 * GiB, physical_utilisation: 0 },
      [REF('nfs')]: { name_label: 'NFS', content_type: 'user', shared: true, PBDs: [REF('p2')], physical_size: 100 * GiB, physical_utilisation: 0 },
      [REF('iso')]: { name_label: 'ISO library', content_type: 'iso', shared: true, PBDs: [] },
    })],
    ['vdi', cls({ [REF('own')]: { SR: REF('local'), virtual_size: 20 * GiB }, [REF('deb')]: { SR: REF('iso'), name_label: 'debian.iso' } })],
    ['vbd', cls({ [REF('b0')]: { type: 'Disk', empty: false, VDI: REF('own'), userdevice: '0' } })],
    ['network', cls({ [REF('n0')]: { name_label: 'eth0', other_config: { automatic: 'true' } }, [REF('n1')]: { name_label: 'storage', other_config: {} } })],
    ['vm', cls({
      [REF('def')]: {
        name_label: 'Debian 12', is_a_template: true, is_default_template: true, other_config: { disks: XML }, VBDs: [], VIFs: [], HVM_boot_policy: '',
        VCPUs_max: 2, VCPUs_at_startup: 2, platform: {}, memory_static_min: 512 * MiB, memory_static_max: 2 * GiB, memory_dynamic_min: 1 * GiB, memory_dynamic_max: 2 * GiB,
      },
      [REF('cus')]: { name_label: 'Web base', is_a_template: true, other_config: {}, VBDs: [REF('b0')], VIFs: [], VCPUs_max: 1, VCPUs_at_startup: 1, platform: { 'cores-per-socket': '1' } },
      [REF('snap')]: { name_label: 'a snapshot', is_a_template: true, is_a_snapshot: true },
      [REF('web')]: { name_label: 'web-01', is_a_template: false, VIFs: [REF('v-web')] },
    })],
    // web-01's interface; its snapshot's copy of the MAC does not count as another user.
    ['vif', cls({ [REF('v-web')]: { VM: REF('web'), MAC: '02:00:00:00:00:01' }, [REF('v-snap')]: { VM: REF('snap'), MAC: '02:00:00:00:00:09' } })],
  ])]]);
  return { objects, connections: new Map() } as unknown as Pick<AppState, 'objects' | 'connections'>;
}

describe('the wizard draft', () => {
  const s = store();
  const ctx = { store: s, connectionId: 'c' };
  it('lists templates grouped, custom first, never snapshots, filtered by name', () => {
    expect(templateItems(s, 'c').map((t) => [t.group, t.name])).toEqual([['Custom templates', 'Web base'], ['Linux', 'Debian 12']]);
    expect(templateItems(s, 'c', 'deb').map((t) => t.name)).toEqual(['Debian 12']);
  });
  it('lists the snapshot New VM from Snapshot opened it with, last, under Snapshots; its own disks are copied', () => {
    expect(templateItems(s, 'c', '', REF('snap')).map((t) => [t.group, t.name])).toEqual([['Custom templates', 'Web base'], ['Linux', 'Debian 12'], ['Snapshots', 'a snapshot']]);
    expect(templateItems(s, 'c', '', REF('snap')).at(-1)).toMatchObject({ custom: true, snapshot: { of: '' } });
    const d = draftFromTemplate(s, 'c', REF('snap'), emptyDraft());
    expect(d).toMatchObject({ templateRef: REF('snap'), name: 'a snapshot', install: 'none' });
  });
  it('takes a default template\'s provision disks to the default SR, an ISO install, and a VIF on each automatic network', () => {
    const d = draftFromTemplate(s, 'c', REF('def'), emptyDraft());
    expect(d.disks.map((x) => [x.kind, x.device, x.sizeGiB, x.srRef])).toEqual([['provision', '0', 10, REF('nfs')], ['provision', '1', 1, REF('nfs')]]);
    expect(d).toMatchObject({ name: 'Debian 12', install: 'iso', vcpusMax: 2, staticMaxMiB: 2048, dynamicMinMiB: 1024, coresPerSocket: null });
    expect(d.vifs.map((v) => v.networkRef)).toEqual([REF('n0')]);
    expect(pageProblems('Installation Media', ctx, d)).toEqual(['Choose an ISO image, or another installation method.']);
    expect(pageProblems('Installation Media', ctx, { ...d, install: 'network' })[0]).toMatch(/cannot boot from the network/);
    expect(pageProblems('Name', ctx, { ...d, name: '  ' })).toEqual(['Enter a name for the new VM.']);
  });
  it('keeps a custom template\'s disks where they are (clone) unless moved, never smaller', () => {
    const d = draftFromTemplate(s, 'c', REF('cus'), emptyDraft());
    expect(d).toMatchObject({ install: 'none', coresPerSocket: 1 });
    expect(d.disks).toMatchObject([{ kind: 'template', srRef: REF('local'), sizeGiB: 20, vdiRef: REF('own') }]);
    expect(pageProblems('Storage', ctx, { ...d, disks: [{ ...d.disks[0], sizeGiB: 10 }] })[0]).toMatch(/cannot be smaller/);
    const spec = toSpec('c', { ...d, name: ' web-07 ', disks: [{ ...d.disks[0], sizeGiB: 30, srRef: REF('nfs') }] });
    expect(spec).toMatchObject({ name: 'web-07', templateDiskSr: REF('nfs'), templateDisks: [{ vdiRef: REF('own'), size: 30 * GiB }], provisionDisks: [], install: { kind: 'none' } });
  });
  it('flags local storage that does not belong to the home server, and bad MACs', () => {
    const d = draftFromTemplate(s, 'c', REF('def'), emptyDraft(REF('h2')));
    expect(pageProblems('Storage', ctx, { ...d, disks: d.disks.map((x) => ({ ...x, srRef: REF('local') })) })).toContain('A disk is on local storage of a server other than the home server.');
    expect(pageProblems('Networking', ctx, { ...d, vifs: [{ key: 0, networkRef: REF('n0'), mac: 'zz' }] })[0]).toMatch(/six hex pairs/);
  });
  it('refuses a MAC twice, one another VM has, multicast, broadcast and all zeros', () => {
    const d = draftFromTemplate(s, 'c', REF('def'), emptyDraft());
    const macs = (...m: string[]) => pageProblems('Networking', ctx, { ...d, vifs: m.map((mac, key) => ({ key, networkRef: REF('n0'), mac })) });
    expect(macs('02:aa:00:00:00:01', '02:AA:00:00:00:01 ')).toEqual(['Interface 1: Another interface of this VM has this MAC address.']);
    expect(macs('02:00:00:00:00:01')).toEqual(["Interface 0: This MAC address is already used by 'web-01'."]);
    expect(macs('01:00:5e:00:00:01')[0]).toMatch(/^Interface 0: This is a multicast address/);
    expect(macs('ff:ff:ff:ff:ff:ff')[0]).toMatch(/^Interface 0: This is the broadcast address/);
    expect(macs('00:00:00:00:00:00')[0]).toMatch(/all-zero/);
    expect(macs('02:00:00:00:00:09', '', '')).toEqual([]); // a snapshot's MAC; empty ones are automatic
  });
  it('becomes a request main accepts', () => {
    const d = { ...draftFromTemplate(s, 'c', REF('def'), emptyDraft()), isoRef: REF('deb') };
    const spec = toSpec('c', d);
    expect(parseNewVmSpec(spec as unknown as Record<string, unknown>, (m) => new Error(m))).toEqual(spec);
    expect(spec.install).toEqual({ kind: 'iso', vdiRef: REF('deb') });
    expect(spec.provisionDisks).toEqual([{ device: '0', srRef: REF('nfs'), size: 10 * GiB }, { device: '1', srRef: REF('nfs'), size: 1 * GiB }]);
  });
});

describe('the vm.create request check', () => {
  const spec = {
    connectionId: 'c', templateRef: REF('t'), name: 'x', description: '', homeHostRef: null, install: { kind: 'none' }, vcpusMax: 1, vcpusAtStartup: 1,
    coresPerSocket: null, memory: { staticMax: GiB, dynamicMin: GiB, dynamicMax: GiB }, provisionDisks: [], templateDisks: [], templateDiskSr: null, vifs: [], start: false,
  };
  const fail = (m: string) => new Error(m);
  it('refuses extra or missing fields, non-refs, bad numbers and MACs', () => {
    expect(() => parseNewVmSpec({ ...spec, extra: 1 }, fail)).toThrow(/unexpected field "extra"/);
    const { start: _s, ...noStart } = spec;
    expect(() => parseNewVmSpec(noStart, fail)).toThrow(/"start" is missing/);
    expect(() => parseNewVmSpec({ ...spec, templateRef: 'OpaqueRef:x/../y' }, fail)).toThrow(/OpaqueRef/);
    expect(() => parseNewVmSpec({ ...spec, name: '  ' }, fail)).toThrow(/name/);
    expect(() => parseNewVmSpec({ ...spec, vcpusMax: 1.5 }, fail)).toThrow(/vcpusMax/);
    expect(() => parseNewVmSpec({ ...spec, install: { kind: 'iso' } }, fail)).toThrow(/vdiRef/);
    expect(() => parseNewVmSpec({ ...spec, vifs: [{ networkRef: REF('n'), mac: '00:11' }] }, fail)).toThrow(/mac/);
    // Main refuses what the wizard refuses, whatever the renderer sends.
    expect(() => parseNewVmSpec({ ...spec, vifs: [{ networkRef: REF('n'), mac: 'FF:FF:FF:FF:FF:FF' }] }, fail)).toThrow(/broadcast/);
    expect(() => parseNewVmSpec({ ...spec, vifs: [{ networkRef: REF('n'), mac: '01:00:5e:00:00:01' }] }, fail)).toThrow(/multicast/);
    expect(parseNewVmSpec({ ...spec, vifs: [{ networkRef: REF('n'), mac: 'AA:BB:CC:DD:EE:FF' }] }, fail).vifs[0].mac).toBe('aa:bb:cc:dd:ee:ff');
  });
});

describe('topology choices', () => {
  it('offers the divisors of the vCPU count', () => {
    expect(topologyChoices(12)).toEqual([1, 2, 3, 4, 6, 12]);
    expect(topologyChoices(1)).toEqual([1]);
  });
  it('offers nothing for a count no server has or that is not a count, at once', () => {
    const t = Date.now();
    expect(topologyChoices(123456789012)).toEqual([]);
    expect(Date.now() - t).toBeLessThan(50);
    expect(topologyChoices(NaN)).toEqual([]);
    expect(topologyChoices(2.5)).toEqual([]);
    expect(topologyChoices(0)).toEqual([]);
  });
});
