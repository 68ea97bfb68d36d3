// Several pools in one simulator (simulator/pool-network.ts): a standalone host joins the pool with
// pool.join and becomes a real member, pool.eject turns it back into a standalone host, and
// VM.migrate_send moves a VM across pools. Everything is checked through XAPI on both sides.
import { createServer, connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { errArray, ok, rpcReply } from '../support/xapi-rpc';

type Rec = Record<string, unknown>;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(fn: () => Promise<T | undefined | false>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not reached');
    await wait(25);
  }
}

/** A client of one address: login, calls with its session, error arrays. */
function client(url: string) {
  const c = {
    s: '',
    async login(user = 'root', password = 'xenroot') {
      const r = await rpcReply(url, 'session.login_with_password', [user, password, '2.21', 'test']);
      if (r.error) return errArray(r);
      c.s = r.result as string;
      return null;
    },
    call: async <T = unknown>(m: string, ...p: unknown[]) => ok<T>(await rpcReply(url, `${m}`, [c.s, ...p])),
    fail: async (m: string, ...p: unknown[]) => errArray(await rpcReply(url, m, [c.s, ...p])),
    records: async (cls: string) => c.call<Record<string, Rec>>(`${cls}.get_all_records`),
  };
  return c;
}

let sim: Simulator;
let pool: ReturnType<typeof client>;
let lone: ReturnType<typeof client>;
const named = (recs: Record<string, Rec>, name: string) => Object.entries(recs).find(([, r]) => r.name_label === name)!;

beforeEach(async () => {
  sim = await startSimulator({ hosts: 3, vms: 8, memberListeners: true, standaloneHosts: 1, taskDurationMs: 60, metricsIntervalMs: 0 });
  pool = client(sim.url);
  lone = client(sim.standalone[0].url);
  expect(await pool.login()).toBeNull();
  expect(await lone.login()).toBeNull();
});
afterEach(async () => { await sim.close(); });

describe('standalone host', () => {
  it('is a pool of one host at the next loopback address, with only local storage and halted VMs', async () => {
    expect(sim.standalone[0].address).toBe('127.0.0.4');
    const hosts = await lone.records('host');
    expect(Object.values(hosts).map((h) => [h.name_label, h.address])).toEqual([['xcp-host-04', '127.0.0.4']]);
    const pools = Object.values(await lone.records('pool'));
    expect(pools).toHaveLength(1);
    expect(pools[0].name_label).toBe('');
    expect(Object.values(await lone.records('SR')).every((sr) => sr.shared === false)).toBe(true);
    const guests = Object.values(await lone.records('VM')).filter((v) => !v.is_a_template && !v.is_control_domain);
    expect(guests.map((v) => v.name_label).sort()).toEqual(['lab-ci-runner-04', 'lab-router-04', 'lab-sandbox-04']);
    expect(guests.every((v) => v.power_state === 'Halted')).toBe(true);
  });
});

describe('startup', () => {
  it('a standalone address that cannot be bound fails the start and leaves nothing listening', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.4', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startSimulator({ port, hosts: 3, vms: 2, standaloneHosts: 1 })).rejects.toThrow(/EADDRINUSE/);
      const refused = await new Promise<boolean>((resolve) => {
        const s = connect(port, '127.0.0.1');
        s.once('connect', () => { s.destroy(); resolve(false); });
        s.once('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    } finally {
      blocker.close();
    }
  });
});

describe('pool.join', () => {
  it('logs in to the coordinator first: unreachable, member address, wrong password', async () => {
    expect(await lone.fail('pool.join', '192.0.2.50', 'root', 'xenroot')).toEqual(['JOINING_HOST_CONNECTION_FAILED']);
    expect(await lone.fail('pool.join', '127.0.0.2', 'root', 'xenroot')).toEqual(['HOST_IS_SLAVE', '127.0.0.1']);
    expect(await lone.fail('pool.join', '127.0.0.1', 'root', 'wrong')).toEqual(['SESSION_AUTHENTICATION_FAILED', 'root', 'Authentication failure']);
    expect(await pool.fail('pool.join', '127.0.0.4', 'root', 'xenroot')).toEqual(['JOINING_HOST_CANNOT_BE_MASTER_OF_OTHER_HOSTS']);
    expect(await lone.fail('pool.join', '127.0.0.4', 'root', 'xenroot')).toEqual(['OPERATION_NOT_ALLOWED', 'Host cannot become slave of itself']);
  });

  it('refuses a joiner with a running VM, and a pool with HA on', async () => {
    const [vm] = named(await lone.records('VM'), 'lab-router-04');
    await lone.call('VM.start', vm, false, false);
    expect(await lone.fail('pool.join', '127.0.0.1', 'root', 'xenroot')).toEqual(['JOINING_HOST_CANNOT_HAVE_RUNNING_VMS']);
    await lone.call('VM.hard_shutdown', vm);
    await pool.call('pool.enable_ha', [], {});
    expect(await lone.fail('pool.join', '127.0.0.1', 'root', 'xenroot')).toEqual(['HA_IS_ENABLED']);
    expect(Object.keys(await pool.records('host'))).toHaveLength(3);
  });

  it('makes the standalone host a member: its host, networking, storage and VMs are in the pool, and it answers HOST_IS_SLAVE', async () => {
    const loneHostRec = Object.values(await lone.records('host'))[0];
    await lone.call('pool.join', '127.0.0.1', 'root', 'xenroot');
    // The member reports in: enabled and live, its local SR plugged.
    const [member, m] = await until(async () => {
      const hosts = await pool.records('host');
      const hit = Object.entries(hosts).find(([, h]) => h.uuid === loneHostRec.uuid);
      if (!hit || hit[1].enabled !== true) return undefined;
      return hit;
    });
    expect(Object.keys(await pool.records('host'))).toHaveLength(4);
    expect(m.name_label).toBe('xcp-host-04');
    expect(((await pool.call<Rec>('host_metrics.get_record', m.metrics)).live)).toBe(true);
    // Its PIFs sit on the pool's networks, matched by device.
    const pifs = await pool.records('PIF');
    const nets = await pool.records('network');
    const eth0 = Object.values(pifs).find((p) => p.host === member && p.device === 'eth0')!;
    expect(nets[String(eth0.network)].bridge).toBe('xenbr0');
    expect(Object.values(pifs).filter((p) => p.network === eth0.network)).toHaveLength(4);
    expect(Object.values(nets).filter((n) => n.bridge === 'xenbr0')).toHaveLength(1);
    // Its local SR and PBD, plugged.
    const pbds = Object.values(await pool.records('PBD')).filter((p) => p.host === member);
    expect(pbds).toHaveLength(1);
    expect(pbds[0].currently_attached).toBe(true);
    const sr = (await pool.records('SR'))[String(pbds[0].SR)];
    expect(sr.name_description).toBe('Local storage on xcp-host-04');
    // Its VMs (not its default templates) with their disks on that SR.
    const vms = await pool.records('VM');
    const [router, routerRec] = named(vms, 'lab-router-04');
    expect(Object.values(vms).filter((v) => v.name_label === 'Debian Bookworm 12')).toHaveLength(1);
    expect(Object.values(vms).some((v) => v.is_control_domain && v.resident_on === member)).toBe(true);
    const vbds = await pool.records('VBD');
    const vdis = await pool.records('VDI');
    const routerDisks = (routerRec.VBDs as string[]).map((b) => vbds[b]).filter((b) => b.type === 'Disk');
    expect(routerDisks.length).toBeGreaterThan(0);
    for (const b of routerDisks) expect(vdis[String(b.VDI)].SR).toBe(pbds[0].SR);
    // The joined VM starts on its new pool's member.
    await pool.call('VM.start_on', router, member, false, false);
    const after = await pool.call<Rec>('VM.get_record', router);
    expect([after.power_state, after.resident_on]).toEqual(['Running', member]);
    // The old address is a member now: logins there are redirected, the old session is gone.
    expect(await client(sim.standalone[0].url).login()).toEqual(['HOST_IS_SLAVE', '127.0.0.1']);
    expect((await lone.fail('VM.get_all'))?.[0]).toBe('SESSION_INVALID');
  });

  it('pool.eject turns the member back into a standalone host with the same uuid and name', async () => {
    const loneUuid = Object.values(await lone.records('host'))[0].uuid;
    await lone.call('pool.join', '127.0.0.1', 'root', 'xenroot');
    const member = await until(async () => Object.entries(await pool.records('host')).find(([, h]) => h.uuid === loneUuid && h.enabled === true)?.[0]);
    await pool.call('pool.eject', member);
    expect(Object.keys(await pool.records('host'))).toHaveLength(3);
    const again = client(sim.standalone[0].url);
    expect(await until(async () => (await again.login()) === null)).toBe(true);
    const hosts = Object.values(await again.records('host'));
    expect(hosts.map((h) => [h.uuid, h.name_label])).toEqual([[loneUuid, 'xcp-host-04']]);
    expect(Object.values(await again.records('pool'))).toHaveLength(1);
  });
});

describe('cross-pool VM.migrate_send', () => {
  async function receive() {
    const [host] = Object.entries(await lone.records('host'))[0];
    const net = Object.entries(await lone.records('network')).find(([, n]) => n.bridge === 'xenbr0')![0];
    const dest = await lone.call<Record<string, string>>('host.migrate_receive', host, net, {});
    const sr = Object.entries(await lone.records('SR'))[0][0];
    return { host, net, dest, sr };
  }

  it('needs every disk and VIF mapped, and refuses an unreachable destination', async () => {
    const { net, dest, sr } = await receive();
    const vms = await pool.records('VM');
    const [vm, v] = Object.entries(vms).find(([, r]) => r.power_state === 'Halted' && !r.is_a_template && (r.VIFs as string[]).length > 0)!;
    const vbds = await pool.records('VBD');
    const vdi = String(Object.values(vbds).find((b) => b.VM === vm && b.type === 'Disk')!.VDI);
    const vif = (v.VIFs as string[])[0];
    expect(await pool.fail('VM.assert_can_migrate', vm, dest, false, {}, { [vif]: net }, {}, {})).toEqual(['VDI_NOT_IN_MAP', vdi]);
    expect(await pool.fail('VM.assert_can_migrate', vm, dest, false, { [vdi]: sr }, {}, {}, {})).toEqual(['VIF_NOT_IN_MAP', vif]);
    expect(await pool.fail('VM.assert_can_migrate', vm, { ...dest, master: 'http://192.0.2.9/', host: 'OpaqueRef:nowhere' }, false, { [vdi]: sr }, { [vif]: net }, {}, {}))
      .toEqual(['VM_MIGRATE_CONTACT_REMOTE_SERVICE_FAILED']);
    expect(await pool.call('VM.assert_can_migrate', vm, dest, false, { [vdi]: sr }, { [vif]: net }, {}, {})).toBe('');
  });

  it('moves a running VM with its disks and snapshots to the other pool (same uuid) and removes it here', async () => {
    const { host, net, dest, sr } = await receive();
    const vms = await pool.records('VM');
    // web-01 runs and has two snapshots in the demo pool.
    const [vm, v] = named(vms, 'web-01');
    expect(v.power_state).toBe('Running');
    expect((v.snapshots as string[]).length).toBe(2);
    const vbds = await pool.records('VBD');
    const diskVbds = Object.values(vbds).filter((b) => b.VM === vm && b.type === 'Disk');
    const vdiMap = Object.fromEntries(diskVbds.map((b) => [String(b.VDI), sr]));
    const vifMap = Object.fromEntries((v.VIFs as string[]).map((i) => [i, net]));
    const srBefore = await lone.call<Rec>('SR.get_record', sr);
    const vifs = await pool.records('VIF');
    const macs = (v.VIFs as string[]).map((i) => vifs[i].MAC);
    const task = await pool.call<string>('Async.VM.migrate_send', vm, dest, true, vdiMap, vifMap, {}, {});
    const done = await until(async () => { const t = await pool.call<Rec>('task.get_record', task); return t.status !== 'pending' && t; });
    expect(done.status).toBe('success');
    // Gone from the source pool, with its snapshots and its mirrored disks.
    expect(await pool.fail('VM.get_record', vm)).toEqual(['HANDLE_INVALID', 'VM', vm]);
    const srcVdis = await pool.records('VDI');
    for (const b of diskVbds) expect(srcVdis[String(b.VDI)]).toBeUndefined();
    expect(Object.values(await pool.records('VM')).some((x) => x.uuid === v.uuid)).toBe(false);
    // Present in the destination: same uuid, running on the receiving host, disks on the mapped SR, VIFs on the mapped network.
    const there = Object.entries(await lone.records('VM')).find(([, x]) => x.uuid === v.uuid)!;
    expect(there).toBeDefined();
    const [newRef, nv] = there;
    expect(String(done.result)).toContain(newRef);
    expect([nv.power_state, nv.resident_on]).toEqual(['Running', host]);
    const lvbds = await lone.records('VBD');
    const lvdis = await lone.records('VDI');
    const disks = (nv.VBDs as string[]).map((b) => lvbds[b]).filter((b) => b.type === 'Disk');
    expect(disks).toHaveLength(diskVbds.length);
    for (const b of disks) expect(lvdis[String(b.VDI)].SR).toBe(sr);
    const lvifs = await lone.records('VIF');
    expect((nv.VIFs as string[]).map((i) => lvifs[i].network)).toEqual((v.VIFs as string[]).map(() => net));
    expect((nv.VIFs as string[]).map((i) => lvifs[i].MAC)).toEqual(macs);
    expect((nv.snapshots as string[])).toHaveLength(2);
    const consoles = (nv.consoles as string[]);
    expect(consoles.length).toBeGreaterThan(0);
    expect(String((await lone.call<Rec>('console.get_record', consoles[0])).location)).toContain('127.0.0.4');
    // The destination SR accounts for the mirrored disks.
    const srAfter = await lone.call<Rec>('SR.get_record', sr);
    expect(Number(srAfter.virtual_allocation)).toBeGreaterThan(Number(srBefore.virtual_allocation));
    // It runs in its new pool: a clean shutdown there works.
    await lone.call('VM.clean_shutdown', newRef);
    expect((await lone.call<Rec>('VM.get_record', newRef)).power_state).toBe('Halted');
  });
});
