// Host and pool operations over JSON-RPC (SEMANTICS.md 5, 6, 10.4): each operation's effect on every
// related record and on host/pool allowed_operations, and each family's failing preconditions with
// their exact error arrays.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { errArray, ok, rpcReply as rpc } from '../support/xapi-rpc';

type Rec = Record<string, unknown>;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const GiB = 1024 ** 3;

async function until(pred: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await wait(10);
  }
}

function harness(opts: Parameters<typeof startSimulator>[0] = {}) {
  const h = {
    sim: undefined as unknown as Simulator,
    s: '',
    async start() {
      h.sim = await startSimulator({ taskDurationMs: 80, ...opts });
      h.s = ok<string>(await rpc(h.sim.url, 'session.login_with_password', ['root', 'xenroot']));
    },
    call: <T = unknown>(m: string, ...p: unknown[]) => rpc(h.sim.url, m, [h.s, ...p]).then((r) => ok<T>(r)),
    fail: (m: string, ...p: unknown[]) => rpc(h.sim.url, m, [h.s, ...p]).then(errArray),
    rec: (cls: string, ref: string) => h.sim.records(cls).get(ref)!,
    hosts: () => [...h.sim.records('host').keys()],
    pool: () => [...h.sim.records('pool').keys()][0],
    poolRec: () => [...h.sim.records('pool').values()][0],
    master: () => String([...h.sim.records('pool').values()][0].master),
    metrics: (host: string) => h.sim.records('host_metrics').get(String(h.sim.records('host').get(host)!.metrics))!,
    guests: (host: string) => [...h.sim.records('VM')].filter(([, v]) => v.resident_on === host && !v.is_control_domain).map(([r]) => r),
    allowed: (cls: string, ref: string) => new Set(h.sim.records(cls).get(ref)!.allowed_operations as string[]),
    /** Halts every guest on `host` that a plan would refuse (local disks, paused). */
    async clearBlockers(host: string) {
      const blockers = ok<Record<string, string[]>>(await rpc(h.sim.url, 'host.get_vms_which_prevent_evacuation', [h.s, host]));
      for (const vm of Object.keys(blockers)) await h.call('VM.hard_shutdown', vm);
    },
  };
  return h;
}

const ENABLED_OPS = new Set(['provision', 'evacuate', 'vm_start', 'vm_resume', 'vm_migrate', 'enable']);
const DISABLED_OPS = new Set([...ENABLED_OPS, 'shutdown', 'reboot', 'apply_updates']);
const POOL_IDLE = ['ha_enable', 'cluster_create', 'designate_new_master', 'configure_repositories', 'sync_updates', 'get_updates', 'apply_updates',
  'tls_verification_enable', 'cert_refresh', 'exchange_certificates_on_join', 'exchange_ca_certificates_on_join', 'copy_primary_host_certs', 'eject'];

describe('simulator host operations (SEMANTICS.md 5)', () => {
  const t = harness();
  beforeAll(() => t.start());
  afterAll(() => t.sim.close());

  it('allowed_operations of an idle enabled host, and of the pool', () => {
    for (const h of t.hosts()) expect(t.allowed('host', h)).toEqual(ENABLED_OPS);
    expect(t.allowed('pool', t.pool())).toEqual(new Set(POOL_IDLE));
  });

  it('host.disable / enable: enabled flag, allowed_operations, HOST_DISABLED for start_on, placement avoids it', async () => {
    const h = t.hosts()[1];
    await t.call('host.disable', h);
    expect(t.rec('host', h).enabled).toBe(false);
    expect(t.allowed('host', h)).toEqual(DISABLED_OPS);
    expect(t.guests(h).length).toBeGreaterThan(0); // running VMs keep running
    const halted = [...t.sim.records('VM')].find(([, v]) => v.power_state === 'Halted' && !v.is_a_template && v.affinity === 'OpaqueRef:NULL')![0];
    expect(await t.fail('VM.start_on', halted, h, false, false)).toEqual(['HOST_DISABLED', h]);
    expect(await t.fail('VM.assert_can_boot_here', halted, h)).toEqual(['HOST_DISABLED', h]);
    await t.call('VM.start', halted, false, false);
    expect(t.rec('VM', halted).resident_on).not.toBe(h);
    await t.call('VM.hard_shutdown', halted);
    // disabling twice is a no-op
    await t.call('host.disable', h);
    await t.call('host.enable', h);
    expect(t.rec('host', h).enabled).toBe(true);
    expect(t.allowed('host', h)).toEqual(ENABLED_OPS);
    expect(t.rec('host', h).current_operations).toEqual({});
  });

  it('reboot and shutdown need a disabled host: HOST_NOT_DISABLED []', async () => {
    const h = t.hosts()[1];
    expect(await t.fail('host.reboot', h)).toEqual(['HOST_NOT_DISABLED']);
    expect(await t.fail('host.shutdown', h)).toEqual(['HOST_NOT_DISABLED']);
    expect(t.metrics(h).live).toBe(true);
  });

  it('get_vms_which_prevent_evacuation / assert_can_evacuate / evacuate refuse local-disk and paused VMs (§5.3)', async () => {
    const h = t.hosts().find((x) => x !== t.master() && [...t.sim.records('VM').values()].some((v) => v.resident_on === x && v.power_state === 'Paused'))
      ?? t.hosts()[2];
    const map = await t.call<Record<string, string[]>>('host.get_vms_which_prevent_evacuation', h);
    expect(Object.keys(map).length).toBeGreaterThan(0);
    for (const [vm, err] of Object.entries(map)) {
      const v = t.rec('VM', vm);
      if (v.power_state === 'Paused' && err[0] === 'VM_BAD_POWER_STATE') expect(err).toEqual(['VM_BAD_POWER_STATE', vm, 'running', 'paused']);
      else {
        expect(err[0]).toBe('VM_REQUIRES_SR');
        expect(err[1]).toBe(vm);
        expect(t.rec('SR', err[2]).shared).toBe(false);
      }
    }
    const e = await t.fail('host.assert_can_evacuate', h);
    expect(e?.[0]).toBe('CANNOT_EVACUATE_HOST');
    expect(e).toHaveLength(2);
    expect(new Set(e![1].split('|'))).toEqual(new Set(Object.values(map).map((x) => x.join(','))));
    const before = t.guests(h);
    const ev = await t.fail('host.evacuate', h, 'OpaqueRef:NULL', 0);
    expect(Object.values(map).map((x) => JSON.stringify(x))).toContain(JSON.stringify(ev));
    expect(t.guests(h)).toEqual(before); // nothing moved
    expect(t.rec('host', h).current_operations).toEqual({});
  });

  it('evacuate: every guest moves to other hosts with memory accounted, subtasks, VM_MIGRATED, HOST_EVACUATE_IN_PROGRESS meanwhile', async () => {
    const h = t.hosts()[1];
    await t.clearBlockers(h);
    expect(await t.call('host.get_vms_which_prevent_evacuation', h)).toEqual({});
    await t.call('host.assert_can_evacuate', h);
    const moving = t.guests(h);
    expect(moving.length).toBeGreaterThan(0);
    const freeBefore = Number(t.metrics(h).memory_free);
    const halted = [...t.sim.records('VM')].find(([, v]) => v.power_state === 'Halted' && !v.is_a_template && v.affinity === 'OpaqueRef:NULL')![0];
    const task = await t.call<string>('Async.host.evacuate', h, 'OpaqueRef:NULL', 1);
    await until(() => Object.values(t.rec('host', h).current_operations as Rec).includes('evacuate'));
    expect(t.allowed('host', h).has('vm_migrate')).toBe(false);
    expect(t.allowed('host', h).has('evacuate')).toBe(false);
    expect(await t.fail('VM.start_on', halted, h, false, false)).toEqual(['HOST_EVACUATE_IN_PROGRESS', h]);
    await until(() => [...t.sim.records('task').values()].some((x) => x.name_label === 'Async.VM.pool_migrate' && x.subtask_of === task));
    await until(() => t.rec('task', task).status !== 'pending', 5000);
    expect(t.rec('task', task)).toMatchObject({ status: 'success', progress: 1 });
    expect(t.guests(h)).toEqual([]);
    for (const vm of moving) {
      const v = t.rec('VM', vm);
      expect(v.resident_on).not.toBe(h);
      expect(v.power_state).toBe('Running');
      expect([...t.sim.records('message').values()].some((m) => m.name === 'VM_MIGRATED' && m.obj_uuid === v.uuid)).toBe(true);
    }
    expect(Number(t.metrics(h).memory_free)).toBeGreaterThan(freeBefore);
    // memory_free by §2.8 on the source and on every target
    for (const x of t.hosts()) {
      const used = Number(t.rec('host', x).memory_overhead) + [...t.sim.records('VM').values()].filter((v) => v.resident_on === x)
        .reduce((n, v) => n + Number(v.memory_dynamic_min) + Number(v.memory_overhead), 0);
      if (x === h || moving.some((vm) => t.rec('VM', vm).resident_on === x)) expect(Number(t.metrics(x).memory_free)).toBe(Number(t.metrics(x).memory_total) - used);
      expect(await t.call('host.compute_free_memory', x)).toBe(Number(t.metrics(x).memory_total) - used);
    }
    expect(t.rec('host', h).current_operations).toEqual({});
    expect(t.rec('host', h).enabled).toBe(true); // evacuate does not disable
    expect(t.allowed('host', h)).toEqual(ENABLED_OPS);
  });

  it('evacuate errors: NO_HOSTS_AVAILABLE [vm] with no other enabled host, HOST_NOT_ENOUGH_FREE_MEMORY [vm] when bin-packing fails', async () => {
    const [a, b, c] = t.hosts();
    const src = c;
    await t.clearBlockers(src);
    const vms = t.guests(src);
    expect(vms.length).toBeGreaterThan(0);
    await t.call('host.disable', a);
    await t.call('host.disable', b);
    const map = await t.call<Record<string, string[]>>('host.get_vms_which_prevent_evacuation', src);
    expect(map).toEqual(Object.fromEntries(vms.map((vm) => [vm, ['NO_HOSTS_AVAILABLE', vm]])));
    expect(await t.fail('host.evacuate', src, 'OpaqueRef:NULL', 0)).toEqual(['NO_HOSTS_AVAILABLE', vms.find((vm) => vm in map)]);
    await t.call('host.enable', b);
    const m = t.metrics(b);
    const saved = m.memory_total;
    m.memory_total = Number(t.rec('host', b).memory_overhead) + 5 * GiB; // room for dom0 and ~nothing else
    const map2 = await t.call<Record<string, string[]>>('host.get_vms_which_prevent_evacuation', src);
    expect(Object.values(map2).length).toBe(vms.length);
    for (const [vm, e] of Object.entries(map2)) expect(e).toEqual(['HOST_NOT_ENOUGH_FREE_MEMORY', vm]);
    m.memory_total = saved;
    await t.call('host.enable', a);
  });

  it('reboot: guests evacuated or shut down, PBDs unplugged, live=false, then back live and enabled (op shutdown meanwhile)', async () => {
    const h = t.hosts()[2];
    await t.call('host.disable', h);
    const local = [...t.sim.records('VM')].find(([, v]) => v.power_state === 'Halted' && !v.is_a_template && v.affinity === h)?.[0];
    if (local) await t.call('VM.start_on', local, h, false, false).catch(() => undefined);
    const before = t.guests(h);
    const dom0 = String(t.rec('host', h).control_domain);
    const dom0Start = t.rec('VM_metrics', String(t.rec('VM', dom0).metrics)).start_time;
    const task = await t.call<string>('Async.host.reboot', h);
    await until(() => Object.values(t.rec('host', h).current_operations as Rec).includes('shutdown'));
    expect(t.allowed('host', h).has('reboot')).toBe(false);
    expect(t.allowed('host', h).has('shutdown')).toBe(false);
    await until(() => t.rec('task', task).status !== 'pending', 5000);
    expect(t.rec('task', task).status).toBe('success');
    expect(t.guests(h)).toEqual([]);
    for (const vm of before) {
      const v = t.rec('VM', vm);
      expect(v.resident_on === h).toBe(false);
      expect(['Running', 'Halted']).toContain(v.power_state);
    }
    expect(t.metrics(h).live).toBe(false);
    for (const p of t.rec('host', h).PBDs as string[]) expect(t.rec('PBD', p).currently_attached).toBe(false);
    expect(t.rec('VM', dom0)).toMatchObject({ power_state: 'Running', resident_on: h }); // a control domain is never halted
    await until(() => t.metrics(h).live === true && t.rec('host', h).enabled === true);
    for (const p of t.rec('host', h).PBDs as string[]) expect(t.rec('PBD', p).currently_attached).toBe(true);
    expect(String(t.rec('VM_metrics', String(t.rec('VM', dom0).metrics)).start_time) >= String(dom0Start)).toBe(true);
    expect(t.allowed('host', h)).toEqual(ENABLED_OPS);
  });

  it('shutdown, power_on (power_on_mode), declare_dead and destroy', async () => {
    const h = t.hosts()[2];
    await t.call('host.disable', h);
    await t.call('host.shutdown', h);
    expect(t.metrics(h).live).toBe(false);
    expect(t.guests(h)).toEqual([]);
    // power_on needs a mode
    expect(t.allowed('host', h).has('power_on')).toBe(false);
    expect(await t.fail('host.power_on', h)).toEqual(['HOST_POWER_ON_MODE_DISABLED']);
    await t.call('host.set_power_on_mode', h, 'wake-on-lan', {});
    expect(t.allowed('host', h).has('power_on')).toBe(true);
    expect(await t.fail('host.disable', h)).toEqual(['HOST_OFFLINE', h]);
    expect(await t.fail('host.destroy', t.hosts()[1])).toEqual(['HOST_IS_LIVE', t.hosts()[1]]);
    await t.call('host.power_on', h);
    expect(t.metrics(h).live).toBe(true);
    expect(t.rec('host', h).enabled).toBe(true);
    expect(t.allowed('host', h).has('power_on')).toBe(false);
    expect(await t.fail('host.power_on', h)).toEqual(['HOST_IS_LIVE', h]);
    // declare_dead: resident guests reset to Halted, host disabled
    const vm = [...t.sim.records('VM')].find(([, v]) => v.power_state === 'Halted' && !v.is_a_template && v.affinity === 'OpaqueRef:NULL')![0];
    await t.call('VM.start_on', vm, h, false, false);
    expect(await t.fail('host.declare_dead', h)).toEqual(['HOST_IS_LIVE', h]);
    t.metrics(h).live = false; // the host dies
    await t.call('host.declare_dead', h);
    expect(t.rec('VM', vm)).toMatchObject({ power_state: 'Halted', resident_on: 'OpaqueRef:NULL' });
    expect(t.rec('host', h).enabled).toBe(false);
    // destroy: gone with its PBDs, PIFs, metrics and control domain; its SR stays (Host.destroy forgets none)
    const r = t.rec('host', h);
    const dom0 = String(r.control_domain);
    const pbds = r.PBDs as string[];
    const pifs = r.PIFs as string[];
    const localSr = pbds.map((p) => String(t.rec('PBD', p).SR)).find((sr) => t.rec('SR', sr).shared === false)!;
    await t.call('host.destroy', h);
    expect(t.sim.records('host').has(h)).toBe(false);
    expect(t.sim.records('VM').has(dom0)).toBe(false);
    expect(t.sim.records('host_metrics').has(String(r.metrics))).toBe(false);
    for (const p of pbds) expect(t.sim.records('PBD').has(p)).toBe(false);
    for (const p of pifs) expect(t.sim.records('PIF').has(p)).toBe(false);
    expect(t.rec('SR', localSr).PBDs).toEqual([]);
  });

  it('get_system_status_capabilities, apply_edition, compute_free_memory', async () => {
    const h = t.master();
    const xml = await t.call<string>('host.get_system_status_capabilities', h);
    expect(xml).toMatch(/^<\?xml version="1.0" \?>\n<system-status-capabilities>/);
    expect(xml).toContain('key="xenserver-logs"');
    expect(xml.match(/<capability /g)!.length).toBeGreaterThan(10);
    expect(await t.fail('host.apply_edition', h, 'platinum', false)).toEqual(['INVALID_EDITION', 'platinum']);
    await t.call('host.apply_edition', h, 'standard-per-socket', false);
    expect(t.rec('host', h).edition).toBe('standard-per-socket');
    const free = await t.call<number>('host.compute_free_memory', h);
    expect(free).toBeGreaterThan(0);
    expect(free).toBeLessThanOrEqual(Number(t.metrics(h).memory_total));
  });

  it('emergency_ha_disable: soft is a no-op without HA, hard answers HA_NOT_ENABLED []', async () => {
    await t.call('host.emergency_ha_disable', true);
    expect(await t.fail('host.emergency_ha_disable', false)).toEqual(['HA_NOT_ENABLED']);
  });

  it('restart_agent on the coordinator: sessions are gone about a second later', async () => {
    await t.call('host.restart_agent', t.master());
    expect(await t.call('pool.get_all')).toHaveLength(1); // answered before the restart
    await until(() => t.sim.records('session').size === 0, 3000);
    await wait(50);
    expect((await t.fail('pool.get_all').catch(() => t.fail('pool.get_all')))?.[0]).toBe('SESSION_INVALID');
    t.s = ok<string>(await rpc(t.sim.url, 'session.login_with_password', ['root', 'xenroot']));
  });
});

describe('simulator pool operations (SEMANTICS.md 6)', () => {
  const t = harness({ standaloneHosts: 1 });
  beforeAll(() => t.start());
  afterAll(() => t.sim.close());

  it('join: the coordinator is logged in to first (unreachable, credentials), own pool, other pools refused while this pool has other hosts', async () => {
    const coordinator = String(t.rec('host', t.master()).address);
    expect(await t.fail('pool.join', '10.0.0.99', 'root', 'xenroot')).toEqual(['JOINING_HOST_CONNECTION_FAILED']);
    expect(await t.fail('pool.join', coordinator, 'root', 'wrong')).toEqual(['SESSION_AUTHENTICATION_FAILED', 'root', 'Authentication failure']);
    expect(await t.fail('pool.join', coordinator, 'root', 'xenroot')).toEqual(['OPERATION_NOT_ALLOWED', 'Host is already part of a pool']);
    const lone = t.sim.standalone[0].address;
    expect(await t.fail('pool.join', lone, 'root', 'xenroot')).toEqual(['JOINING_HOST_CANNOT_BE_MASTER_OF_OTHER_HOSTS']);
    expect(await t.fail('pool.join_force', lone, 'root', 'xenroot')).toEqual(['JOINING_HOST_CANNOT_BE_MASTER_OF_OTHER_HOSTS']);
  });

  it('set_default_SR / set_suspend_image_SR / set_crash_dump_SR: pool fields, and the hosts\' fields for suspend and crash dump', async () => {
    const local = [...t.sim.records('SR')].find(([, s]) => s.shared === false)![0];
    await t.call('pool.set_default_SR', t.pool(), local);
    await t.call('pool.set_suspend_image_SR', t.pool(), local);
    await t.call('pool.set_crash_dump_SR', t.pool(), local);
    expect(t.poolRec()).toMatchObject({ default_SR: local, suspend_image_SR: local, crash_dump_SR: local });
    for (const h of t.hosts()) expect(t.rec('host', h)).toMatchObject({ suspend_image_sr: local, crash_dump_sr: local });
    const shared = [...t.sim.records('SR')].find(([, s]) => s.type === 'nfs')![0];
    for (const m of ['set_default_SR', 'set_suspend_image_SR', 'set_crash_dump_SR']) await t.call(`pool.${m}`, t.pool(), shared);
    expect(t.poolRec()).toMatchObject({ default_SR: shared, suspend_image_SR: shared, crash_dump_SR: shared });
  });

  it('certificate_install / list / uninstall: name uniqueness and the CA store', async () => {
    const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from('not really DER but base64').toString('base64')}\n-----END CERTIFICATE-----\n`;
    await t.call('pool.certificate_install', 'corp-ca', pem);
    expect(await t.call('pool.certificate_list')).toEqual(['corp-ca']);
    const cert = [...t.sim.records('Certificate').values()].find((c) => c.name === 'corp-ca')!;
    expect(cert).toMatchObject({ type: 'ca', host: 'OpaqueRef:NULL' });
    expect(String(cert.fingerprint)).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(await t.fail('pool.certificate_install', 'corp-ca', pem)).toEqual(['CERTIFICATE_ALREADY_EXISTS', 'corp-ca']);
    expect(await t.fail('pool.certificate_install', '../x', pem)).toEqual(['CERTIFICATE_NAME_INVALID', '../x']);
    expect(await t.fail('pool.certificate_install', 'junk', 'hello')).toEqual(['CERTIFICATE_CORRUPT', 'junk']);
    await t.call('pool.certificate_uninstall', 'corp-ca');
    expect(await t.call('pool.certificate_list')).toEqual([]);
    expect(await t.fail('pool.certificate_uninstall', 'corp-ca')).toEqual(['CERTIFICATE_DOES_NOT_EXIST', 'corp-ca']);
  });

  it('enable_ha: SR checks, statefile and metadata VDIs, pool and host fields, allowed_operations; disable_ha', async () => {
    const local = [...t.sim.records('SR')].find(([, s]) => s.shared === false)![0];
    const iso = [...t.sim.records('SR')].find(([, s]) => s.content_type === 'iso')![0];
    const nfs = [...t.sim.records('SR')].find(([, s]) => s.type === 'nfs')![0];
    expect(await t.fail('pool.disable_ha')).toEqual(['HA_NOT_ENABLED']);
    expect(await t.fail('pool.enable_ha', [local], {})).toEqual(['SR_HAS_NO_PBDS', local]);
    expect(await t.fail('pool.enable_ha', [iso], {})).toEqual(['SR_OPERATION_NOT_SUPPORTED', iso]);
    expect(t.poolRec().ha_enabled).toBe(false);
    const task = await t.call<string>('Async.pool.enable_ha', [nfs], { timeout: '60' });
    await until(() => Object.values(t.poolRec().current_operations as Rec).includes('ha_enable'));
    expect(t.allowed('pool', t.pool()).has('ha_disable')).toBe(false);
    expect(t.allowed('pool', t.pool()).has('designate_new_master')).toBe(false); // blocking op running
    await until(() => t.rec('task', task).status !== 'pending');
    expect(t.rec('task', task).status).toBe('success');
    const p = t.poolRec();
    const statefiles = p.ha_statefiles as string[];
    expect(statefiles).toHaveLength(1);
    expect(t.rec('VDI', statefiles[0])).toMatchObject({ name_label: 'Statefile for HA', type: 'ha_statefile', sharable: true, SR: nfs });
    expect([...t.sim.records('VDI').values()].some((v) => v.type === 'redo_log' && v.name_label === 'Metadata for HA' && v.SR === nfs && v.virtual_size === 951 * 4 * 1024 ** 2)).toBe(true);
    expect(p).toMatchObject({ ha_enabled: true, ha_configuration: { timeout: '60' }, ha_cluster_stack: 'xhad', ha_overcommitted: false, ha_plan_exists_for: 0 });
    for (const h of t.hosts()) expect(t.rec('host', h).ha_statefiles).toEqual(statefiles);
    expect(t.allowed('pool', t.pool())).toEqual(new Set([...POOL_IDLE.filter((o) => o !== 'ha_enable' && o !== 'tls_verification_enable'), 'ha_disable']));
    expect(await t.fail('pool.enable_ha', [nfs], {})).toEqual(['HA_IS_ENABLED']);
    // HA on refuses eject, designate, join, destroy
    expect(await t.fail('pool.eject', t.hosts()[1])).toEqual(['HA_IS_ENABLED']);
    expect(await t.fail('pool.designate_new_master', t.hosts()[1])).toEqual(['HA_IS_ENABLED']);
    expect(await t.fail('pool.emergency_transition_to_master')).toEqual(['HA_IS_ENABLED']);
    expect(await t.fail('pool.join', t.sim.standalone[0].address, 'root', 'xenroot')).toEqual(['HA_IS_ENABLED']);
    // evacuation with HA: unprotected VMs
    const h = t.hosts()[1];
    const map = await t.call<Record<string, string[]>>('host.get_vms_which_prevent_evacuation', h);
    for (const [vm, e] of Object.entries(map)) expect(e).toEqual(['HOST_EVACUATE_VM_NOT_HA_PROTECTED', vm]);
    await t.call('pool.disable_ha');
    expect(t.poolRec()).toMatchObject({ ha_enabled: false, ha_plan_exists_for: 0, ha_statefiles: statefiles }); // statefile left in place
    expect(t.allowed('pool', t.pool())).toEqual(new Set(POOL_IDLE));
    // again on the same SR: the VDIs are found, not created twice
    const nVdis = t.sim.records('VDI').size;
    await t.call('pool.enable_ha', [], {});
    expect(t.sim.records('VDI').size).toBe(nVdis);
    await t.call('host.emergency_ha_disable', false);
    expect(t.poolRec().ha_enabled).toBe(false);
  });

  it('sync_database and recover_slaves', async () => {
    await t.call('pool.sync_database');
    const r = await t.call<string[]>('pool.recover_slaves');
    expect(new Set(r)).toEqual(new Set(t.hosts().filter((h) => h !== t.master())));
    await t.call('pool.emergency_reset_master', String(t.rec('host', t.master()).address));
  });

  it('eject: the coordinator and hosts with running VMs are refused; a member goes with its local SR, PBDs, PIFs, dom0', async () => {
    expect(await t.fail('pool.eject', t.master())).toEqual(['INTERNAL_ERROR', 'Cannot_eject_master']);
    const h = t.hosts().find((x) => x !== t.master())!;
    expect(t.guests(h).length).toBeGreaterThan(0);
    expect(await t.fail('pool.eject', h)).toEqual(['OPERATION_NOT_ALLOWED', 'VM resident on host']);
    for (const vm of t.guests(h)) await t.call('VM.hard_shutdown', vm);
    const r = t.rec('host', h);
    const pbds = r.PBDs as string[];
    const localSr = pbds.map((p) => String(t.rec('PBD', p).SR)).find((sr) => t.rec('SR', sr).shared === false)!;
    const localVdis = t.rec('SR', localSr).VDIs as string[];
    const localVbds = localVdis.flatMap((v) => t.rec('VDI', v).VBDs as string[]);
    expect(localVbds.length).toBeGreaterThan(0);
    const shared = [...t.sim.records('SR')].find(([, s]) => s.type === 'nfs')![0];
    await t.call('pool.eject', h);
    expect(t.sim.records('host').has(h)).toBe(false);
    expect(t.sim.records('VM').has(String(r.control_domain))).toBe(false);
    expect(t.sim.records('host_metrics').has(String(r.metrics))).toBe(false);
    for (const p of pbds) expect(t.sim.records('PBD').has(p)).toBe(false);
    for (const p of r.PIFs as string[]) expect(t.sim.records('PIF').has(p)).toBe(false);
    expect(t.sim.records('SR').has(localSr)).toBe(false);
    for (const v of localVdis) expect(t.sim.records('VDI').has(v)).toBe(false);
    for (const b of localVbds) expect(t.sim.records('VBD').has(b)).toBe(false);
    expect(t.rec('SR', shared).PBDs).toHaveLength(t.hosts().length);
    expect(t.poolRec().current_operations).toEqual({});
  });

  it('designate_new_master: pool.master moves, POOL_MASTER_TRANSITION; the current coordinator is a no-op', async () => {
    const old = t.master();
    const nMessages = t.sim.records('message').size;
    await t.call('pool.designate_new_master', old);
    expect(t.sim.records('message').size).toBe(nMessages);
    const next = t.hosts().find((h) => h !== old)!;
    await t.call('pool.designate_new_master', next);
    expect(t.master()).toBe(next);
    const msg = [...t.sim.records('message').values()].find((m) => m.name === 'POOL_MASTER_TRANSITION')!;
    expect(msg).toMatchObject({ priority: 4, cls: 'Host', obj_uuid: t.rec('host', next).uuid, body: '' });
    // without member listeners 127.0.0.1 keeps serving the pool
    expect(await t.call('pool.get_master', t.pool())).toBe(next);
  });
});

describe('simulator pool.join on a standalone host', () => {
  const t = harness({ hosts: 1, vms: 3, standaloneHosts: 1 });
  beforeAll(() => t.start());
  afterAll(() => t.sim.close());

  it('itself, then JOINING_HOST_CANNOT_HAVE_RUNNING_VMS, then shared SRs', async () => {
    const addr = String(t.rec('host', t.master()).address);
    const other = t.sim.standalone[0].address;
    expect(await t.fail('pool.join', addr, 'root', 'xenroot')).toEqual(['OPERATION_NOT_ALLOWED', 'Host cannot become slave of itself']);
    expect(await t.fail('pool.join', other, 'root', 'xenroot')).toEqual(['JOINING_HOST_CANNOT_HAVE_RUNNING_VMS']);
    for (const [vm, v] of t.sim.records('VM')) if (!v.is_control_domain && (v.power_state === 'Running' || v.power_state === 'Paused')) await t.call('VM.hard_shutdown', vm);
    expect(await t.fail('pool.join', other, 'root', 'xenroot')).toEqual(['JOINING_HOST_CANNOT_CONTAIN_SHARED_SRS']);
  });
});

describe('simulator coordinator changes with member listeners', () => {
  const t = harness({ memberListeners: true });
  beforeAll(() => t.start());
  afterAll(() => t.sim.close());
  afterEach(async () => { await t.sim.faults.clearFaults(); });

  it('designate_new_master: the old coordinator answers HOST_IS_SLAVE [new address]', async () => {
    const next = t.hosts().find((h) => h !== t.master())!;
    const addr = String(t.rec('host', next).address);
    await t.call('pool.designate_new_master', next);
    expect(t.master()).toBe(next);
    await until(() => t.sim.faults.state().demoted.includes('127.0.0.1'));
    expect(errArray(await rpc(t.sim.url, 'pool.get_all', [t.s]))).toEqual(['HOST_IS_SLAVE', addr]);
    const url2 = t.sim.url.replace('127.0.0.1', addr);
    expect(ok<string[]>(await rpc(url2, 'pool.get_all', [t.s]))).toHaveLength(1);
  });

  it('emergency_transition_to_master on a member after the coordinator died; recover_slaves', async () => {
    const dying = t.master();
    const pending = t.sim.faults.killCoordinator({ delayMs: 60_000 });
    const demoted = t.sim.faults.state().demoted;
    const member = t.hosts().find((h) => h !== dying && t.metrics(h).live === true && !demoted.includes(String(t.rec('host', h).address)))!;
    const url = t.sim.url.replace('127.0.0.1', String(t.rec('host', member).address));
    expect(ok(await rpc(url, 'pool.emergency_transition_to_master', [t.s]))).toBe('');
    expect(t.master()).toBe(member);
    expect(await pending).toBe(member);
    const msg = [...t.sim.records('message').values()].filter((m) => m.name === 'POOL_MASTER_TRANSITION').pop()!;
    expect(msg.obj_uuid).toBe(t.rec('host', member).uuid);
    // the transition restarted the toolstack there: log in again
    await until(() => t.sim.records('session').size === 0);
    // The restart cut every connection: a pooled keep-alive socket may fail once before the client notices.
    await wait(50);
    const login = () => rpc(url, 'session.login_with_password', ['root', 'xenroot']);
    const s2 = ok<string>(await login().catch(login));
    const recovered = ok<string[]>(await rpc(url, 'pool.recover_slaves', [s2]));
    expect(recovered).not.toContain(member);
    expect(recovered).not.toContain(dying); // dead: not recovered
  });
});
