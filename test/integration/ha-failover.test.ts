// A pool member that loses power (faults failHost / recoverHost), observed only through XAPI calls
// (SEMANTICS.md 2.3, 5.4, 5.5, 6.5, 10.4): with HA the host is fenced, its protected VMs restart on
// other hosts (VM.order first), best-effort ones when there is room, the rest stay Halted, with the
// HA_* messages; without HA the VMs stay recorded Running on the dead host until
// VM.power_state_reset / host.declare_dead; a host that boots again resyncs; the HTTP control.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/index';
import { errArray, ok, rpcReply } from '../support/xapi-rpc';

type Rec = Record<string, unknown>;
const NULL = 'OpaqueRef:NULL';
const GiB = 1024 ** 3;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sim: Simulator | undefined;
afterEach(async () => { await sim?.close(); sim = undefined; });

/** A root session on the coordinator and the XAPI calls the tests check with. */
async function pool(opts: SimulatorOptions = {}) {
  const s = await startSimulator({ port: 0, hosts: 3, vms: 20, taskDurationMs: 40, memberListeners: true, metricsIntervalMs: 0, ...opts });
  sim = s;
  const session = ok<string>(await rpcReply(s.url, 'session.login_with_password', ['root', 'xenroot']));
  const call = <T = unknown>(m: string, ...p: unknown[]) => rpcReply(s.url, m, [session, ...p]).then((r) => ok<T>(r));
  const fail = (m: string, ...p: unknown[]) => rpcReply(s.url, m, [session, ...p]).then(errArray);
  const all = (cls: string) => call<Record<string, Rec>>(`${cls}.get_all_records`);
  const vm = (ref: string) => call<Rec>('VM.get_record', ref);
  const hostAt = async (address: string) => Object.entries(await all('host')).find(([, h]) => h.address === address)![0];
  const live = async (host: string) => call<boolean>('host_metrics.get_live', await call<string>('host.get_metrics', host));
  const messages = async (name: string) => Object.values(await all('message')).filter((m) => m.name === name);
  /** Running guests of `host` whose disks are all on shared storage (they can run on any host). */
  const agileOn = async (host: string | null, power = 'Running') => {
    const [vms, vbds, vdis, srs] = await Promise.all([all('VM'), all('VBD'), all('VDI'), all('SR')]);
    const agile = (v: Rec) => (v.VBDs as string[]).map((b) => vbds[b]).filter((b) => b.type === 'Disk' && !b.empty)
      .every((b) => srs[String(vdis[String(b.VDI)].SR)].shared === true);
    return Object.entries(vms).filter(([, v]) => !v.is_a_template && !v.is_control_domain && v.power_state === power
      && (host === null || v.resident_on === host) && agile(v)).map(([r]) => r);
  };
  const guestsOn = async (host: string) =>
    Object.entries(await all('VM')).filter(([, v]) => v.resident_on === host && !v.is_control_domain).map(([r]) => r);
  const enableHa = () => call('pool.enable_ha', [], { timeout: '60' });
  return { s, session, call, fail, all, vm, hostAt, live, messages, agileOn, guestsOn, enableHa };
}

/** Connection refused at a listener (the host is down). */
const refused = (url: string): Promise<string> =>
  rpcReply(url, 'session.login_with_password', ['root', 'xenroot']).then(() => 'answered', (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message);

async function until(pred: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await wait(20);
  }
}

describe('failHost with HA on', () => {
  it('fences the host: protected VMs restart elsewhere in VM.order, best-effort ones too, the rest stay Halted; recoverHost brings it back', async () => {
    const x = await pool();
    const [h1, h2, h3] = [await x.hostAt('127.0.0.1'), await x.hostAt('127.0.0.2'), await x.hostAt('127.0.0.3')];
    // Two more agile guests on h2, so that it runs two protected, one best-effort and two unprotected ones.
    for (const v of (await x.agileOn(null, 'Halted')).slice(0, 2)) await x.call('VM.start_on', v, h2, false, false);
    const agile = await x.agileOn(h2);
    expect(agile.length).toBeGreaterThanOrEqual(5);
    const [p1, p2, best, ...unprotected] = agile;
    await x.call('VM.set_ha_restart_priority', p1, 'restart');
    await x.call('VM.set_ha_restart_priority', p2, 'restart');
    await x.call('VM.set_order', p1, 2);
    await x.call('VM.set_order', p2, 1);
    await x.call('VM.set_ha_restart_priority', best, 'best-effort');
    expect(await x.call('VM.get_ha_always_run', p1)).toBe(true);
    const doomed = (await x.guestsOn(h2)).filter((v) => ![p1, p2, best].includes(v)); // unprotected, local disks included
    const dom0 = await x.call<string>('host.get_control_domain', h2);
    await x.enableHa();
    const { token } = await x.call<{ token: string }>('event.from', ['vm', 'message'], '', 0);

    const failed = x.s.faults.failHost(h2, { detectMs: 500 });
    // At once: the host is not live and its listener is gone, but nothing is known about its VMs yet.
    expect(await x.live(h2)).toBe(false);
    expect(await refused(`http://127.0.0.2:${x.s.port}`)).toBe('ECONNREFUSED');
    expect(await x.vm(p1)).toMatchObject({ power_state: 'Running', resident_on: h2 });
    expect(x.s.faults.state().failed).toEqual([h2]);
    await failed;

    expect(await x.live(h2)).toBe(false);
    expect(await x.call('host.get_enabled', h2)).toBe(true);
    for (const v of [p1, p2, best]) {
      const r = await x.vm(v);
      expect(r.power_state).toBe('Running');
      expect([h1, h3]).toContain(r.resident_on);
    }
    expect(Number((await x.vm(p2)).domid)).toBeLessThan(Number((await x.vm(p1)).domid)); // order 1 before order 2
    expect(await x.call('VM.get_ha_always_run', p1)).toBe(true);
    for (const v of doomed) {
      const r = await x.vm(v);
      expect(r).toMatchObject({ power_state: 'Halted', resident_on: NULL, domid: -1, consoles: [] });
      expect(r.allowed_operations).toContain('start');
      for (const b of r.VBDs as string[]) expect(await x.call('VBD.get_currently_attached', b)).toBe(false);
      for (const f of r.VIFs as string[]) expect(await x.call('VIF.get_currently_attached', f)).toBe(false);
    }
    expect(unprotected.every((v) => doomed.includes(v))).toBe(true);
    expect(await x.vm(dom0)).toMatchObject({ power_state: 'Running', resident_on: h2, is_control_domain: true });

    const h2uuid = await x.call<string>('host.get_uuid', h2);
    const hostFailed = await x.messages('HA_HOST_FAILED');
    expect(hostFailed).toHaveLength(1);
    expect(hostFailed[0]).toMatchObject({ priority: 3, cls: 'Host', obj_uuid: h2uuid });
    expect(hostFailed[0].body).toContain(await x.call<string>('host.get_name_label', h2));
    expect(await x.messages('HA_PROTECTED_VM_RESTART_FAILED')).toEqual([]);
    const started = await x.messages('VM_STARTED');
    for (const v of [p1, p2, best]) {
      const r = await x.vm(v);
      const m = started.find((s) => s.obj_uuid === r.uuid);
      expect(m).toMatchObject({ priority: 5, cls: 'VM' });
      expect(m!.body).toContain(`(uuid: ${await x.call<string>('host.get_uuid', String(r.resident_on))})`);
    }
    // event.from clients saw it happen.
    const seen = await x.call<{ events: Rec[] }>('event.from', ['vm', 'message'], token, 1);
    expect(seen.events.some((e) => e.class === 'vm' && e.ref === p1 && (e.snapshot as Rec).resident_on !== h2)).toBe(true);
    expect(seen.events.some((e) => e.class === 'vm' && e.ref === doomed[0] && (e.snapshot as Rec).power_state === 'Halted')).toBe(true);
    expect(seen.events.some((e) => e.class === 'message' && e.operation === 'add' && (e.snapshot as Rec).name === 'HA_HOST_FAILED')).toBe(true);

    // The host boots again: reachable (a member), live, its dom0 running; the restarted VMs stay put.
    const placed = await Promise.all([p1, p2, best].map(async (v) => (await x.vm(v)).resident_on));
    expect(await x.messages('HA_HOST_WAS_FENCED')).toEqual([]);
    await x.s.faults.recoverHost(h2);
    expect(await x.live(h2)).toBe(true);
    expect(errArray(await rpcReply(`http://127.0.0.2:${x.s.port}`, 'session.login_with_password', ['root', 'xenroot']))).toEqual(['HOST_IS_SLAVE', '127.0.0.1']);
    expect(await x.vm(dom0)).toMatchObject({ power_state: 'Running', resident_on: h2 });
    expect(await Promise.all([p1, p2, best].map(async (v) => (await x.vm(v)).resident_on))).toEqual(placed);
    const fenced = await x.messages('HA_HOST_WAS_FENCED');
    expect(fenced).toHaveLength(1);
    expect(fenced[0]).toMatchObject({ priority: 4, cls: 'Host', obj_uuid: h2uuid });
    expect(x.s.faults.state()).toMatchObject({ failed: [], down: [] });
  });

  it('a protected VM with no room on any live host gets HA_PROTECTED_VM_RESTART_FAILED; the others still restart', async () => {
    const x = await pool();
    const [h1, h2, h3] = [await x.hostAt('127.0.0.1'), await x.hostAt('127.0.0.2'), await x.hostAt('127.0.0.3')];
    const halted = await x.agileOn(null, 'Halted');
    expect(halted.length).toBeGreaterThanOrEqual(3);
    const [big, fill1, fill3] = halted;
    // 150 GiB on h2; 120 GiB more on each other host leaves them about 125 GiB free.
    await x.call('VM.set_memory', big, 150 * GiB);
    await x.call('VM.set_memory', fill1, 120 * GiB);
    await x.call('VM.set_memory', fill3, 120 * GiB);
    await x.call('VM.set_ha_restart_priority', big, 'restart');
    await x.call('VM.start_on', big, h2, false, false);
    await x.call('VM.start_on', fill1, h1, false, false);
    await x.call('VM.start_on', fill3, h3, false, false);
    const small = (await x.agileOn(h2)).find((v) => v !== big)!;
    await x.call('VM.set_ha_restart_priority', small, 'restart');
    await x.enableHa();

    await x.s.faults.failHost(h2, { detectMs: 50 });
    const r = await x.vm(big);
    expect(r).toMatchObject({ power_state: 'Halted', resident_on: NULL, ha_always_run: true });
    const failedMsgs = await x.messages('HA_PROTECTED_VM_RESTART_FAILED');
    expect(failedMsgs).toHaveLength(1);
    expect(failedMsgs[0]).toMatchObject({ priority: 2, cls: 'VM', obj_uuid: r.uuid });
    expect(await x.vm(small)).toMatchObject({ power_state: 'Running' });
    expect([h1, h3]).toContain((await x.vm(small)).resident_on);
    // The reason is memory: the same start by hand says so.
    expect((await x.fail('VM.start', big, false, false))?.[0]).toBe('HOST_NOT_ENOUGH_FREE_MEMORY');
  });
});

describe('failHost with HA off', () => {
  it('the VMs stay recorded Running on the dead host until VM.power_state_reset / host.declare_dead', async () => {
    const x = await pool({ metricsIntervalMs: 40 });
    const [h1, h2, h3] = [await x.hostAt('127.0.0.1'), await x.hostAt('127.0.0.2'), await x.hostAt('127.0.0.3')];
    const guests = await x.guestsOn(h2);
    const [first, ...rest] = await x.agileOn(h2);
    await x.call('VM.set_ha_restart_priority', first, 'restart');
    await x.s.faults.failHost(h2, { detectMs: 50 });
    await wait(300); // far beyond detectMs: without HA nobody acts
    expect(await x.live(h2)).toBe(false);
    expect(await refused(`http://127.0.0.2:${x.s.port}`)).toBe('ECONNREFUSED');
    expect((await x.guestsOn(h2)).sort()).toEqual([...guests].sort());
    for (const v of guests) expect((await x.vm(v)).power_state).not.toBe('Halted');
    expect((await x.all('message').then(Object.values)).filter((m) => String(m.name).startsWith('HA_'))).toEqual([]);
    // A dead host reports no metrics for the domains it had; a live host's keep moving.
    const util = async (v: string) => x.call<Rec>('VM_metrics.get_VCPUs_utilisation', (await x.vm(v)).metrics);
    const onH3 = (await x.agileOn(h3))[0];
    const [dead0, live0] = [await util(first), await util(onH3)];
    await wait(200);
    expect(await util(first)).toEqual(dead0);
    expect(await util(onH3)).not.toEqual(live0);

    // power_state_reset's refusals, then the reset itself.
    expect(await x.fail('VM.power_state_reset', await x.call('host.get_control_domain', h2))).toEqual(['CANNOT_RESET_CONTROL_DOMAIN', await x.call('host.get_control_domain', h2)]);
    const onH1 = (await x.agileOn(h1))[0];
    expect(await x.fail('VM.power_state_reset', onH1)).toEqual(['DOMAIN_EXISTS', onH1]);
    expect(await x.fail('VM.power_state_reset', onH3)).toEqual(['HOST_IS_LIVE', h3]);
    await x.call('VM.power_state_reset', first);
    const r = await x.vm(first);
    expect(r).toMatchObject({ power_state: 'Halted', resident_on: NULL, domid: -1, consoles: [], ha_always_run: true });
    expect(r.allowed_operations).toContain('start');
    for (const b of r.VBDs as string[]) expect(await x.call('VBD.get_currently_attached', b)).toBe(false);
    expect((await x.messages('VM_SHUTDOWN')).filter((m) => m.obj_uuid === r.uuid)).toEqual([]);
    // It can start again, on a live host.
    await x.call('VM.start', first, false, false);
    expect([h1, h3]).toContain((await x.vm(first)).resident_on);

    // declare_dead: the rest are reset, the host disabled.
    expect(await x.fail('host.declare_dead', h3)).toEqual(['HOST_IS_LIVE', h3]);
    await x.call('host.declare_dead', h2);
    for (const v of rest) expect(await x.vm(v)).toMatchObject({ power_state: 'Halted', resident_on: NULL });
    expect(await x.guestsOn(h2)).toEqual([]);
    expect(await x.call('host.get_enabled', h2)).toBe(false);

    // Back again: live, enabled at boot, no HA message.
    await x.s.faults.recoverHost(h2);
    expect(await x.live(h2)).toBe(true);
    expect(await x.call('host.get_enabled', h2)).toBe(true);
    expect(await x.messages('HA_HOST_WAS_FENCED')).toEqual([]);
  });

  it('a host that boots again resets the VMs it lost; clearFaults recovers failed hosts', async () => {
    const x = await pool();
    const h3 = await x.hostAt('127.0.0.3');
    const guests = await x.guestsOn(h3);
    expect(guests.length).toBeGreaterThan(0);
    await x.s.faults.failHost(h3);
    for (const v of guests) expect((await x.vm(v)).resident_on).toBe(h3);
    await x.s.faults.clearFaults();
    expect(await x.live(h3)).toBe(true);
    for (const v of guests) expect(await x.vm(v)).toMatchObject({ power_state: 'Halted', resident_on: NULL });
    expect(errArray(await rpcReply(`http://127.0.0.3:${x.s.port}`, 'session.login_with_password', ['root', 'xenroot']))).toEqual(['HOST_IS_SLAVE', '127.0.0.1']);
    expect(x.s.faults.state()).toMatchObject({ failed: [], down: [] });
  });
});

describe('failHost preconditions and the HTTP control', () => {
  it('refuses the coordinator (pointing to killCoordinator), unknown and failed hosts', async () => {
    const x = await pool();
    const [h1, h2, h3] = [await x.hostAt('127.0.0.1'), await x.hostAt('127.0.0.2'), await x.hostAt('127.0.0.3')];
    expect(() => x.s.faults.failHost(h1)).toThrow(/coordinator.*killCoordinator/);
    expect(() => x.s.faults.failHost('OpaqueRef:nope')).toThrow(/no host/);
    await x.s.faults.failHost(h2);
    expect(() => x.s.faults.failHost(h2)).toThrow(/already failed/);
    expect(() => x.s.faults.switchCoordinator(h2)).toThrow(/failed/);
    await expect(x.s.faults.recoverHost(h3)).rejects.toThrow(/has not failed/);
    expect(await x.live(h1)).toBe(true);
    expect(await x.live(h3)).toBe(true);
  });

  it('POST /_simulator/faults failHost / recoverHost', async () => {
    const x = await pool({ faultsEndpoint: true });
    const [h1, h2] = [await x.hostAt('127.0.0.1'), await x.hostAt('127.0.0.2')];
    const ctl = (body: unknown) => new Promise<{ status: number; json: Rec }>((resolve, reject) => {
      const req = http.request(new URL('/_simulator/faults', x.s.url), { method: 'POST', agent: false, headers: { 'X-XAPI-Session': x.session } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Rec }));
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
    const coord = await ctl({ action: 'failHost', host: h1 });
    expect(coord.status).toBe(400);
    expect(coord.json.error).toMatch(/killCoordinator/);
    const protectedVm = (await x.agileOn(h2))[0];
    await x.call('VM.set_ha_restart_priority', protectedVm, 'restart');
    await x.enableHa();
    expect((await ctl({ action: 'failHost', host: h2, detectMs: 100 })).status).toBe(200);
    await until(async () => (await x.messages('HA_HOST_FAILED')).length === 1 && (await x.vm(protectedVm)).resident_on !== h2
      && (await x.vm(protectedVm)).power_state === 'Running');
    expect(await x.live(h2)).toBe(false);
    const back = await ctl({ action: 'recoverHost', host: h2 });
    expect(back.status).toBe(200);
    expect(back.json.state).toMatchObject({ failed: [], down: [] });
    expect(await x.live(h2)).toBe(true);
    expect((await ctl({ action: 'recoverHost', host: h2 })).status).toBe(400);
  });
});
