// The simulator's storage backends against the demo storage server (simulator/storage-server.ts,
// simulator/sm-backends.ts), over JSON-RPC as XenCenter's New SR wizard calls them: each probe step's
// exact XML (as sm's drivers print it with Python minidom) or SR_BACKEND_FAILURE_<n> with sm's
// XE_SR_ERRORCODES.xml text; create, forget, find again by probe, re-attach with SR.introduce +
// PBD.create + PBD.plug; an ISO library's images; SR.probe_ext; and Xen Orchestra's xen-api client
// calling the same probes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type XoXapi } from 'xen-api';
import { startSimulator, type Simulator } from '../../simulator/index';
import { errArray, ok, rpcReply as rpc } from '../support/xapi-rpc';

type Rec = Record<string, unknown>;
const GiB = 1024 ** 3, MiB = 1024 ** 2;
const LUN0 = '360014054f1a2b3c5d6e4f708192a3b4c', LUN1 = '360014059e8d7c6b5a494837a6b5c4d3e';
const FC0 = '3600a098038303053453f463045727a30', FC1 = '3600a098038303053453f463045727a31';
const IQN = 'iqn.2026-01.demo:storage';

/** An XML document as minidom's toprettyxml() writes it: lines indented with tabs (given as "  "). */
const xml = (...lines: string[]) => `<?xml version="1.0" ?>\n${lines.map((l) => l.replace(/ {2}/g, '\t')).join('\n')}\n`;
const EXPORTS = xml(
  '<nfs-exports>',
  '  <Export>', '    <Target>storage.demo</Target>', '    <Path>/vms</Path>', '    <Accesslist>*</Accesslist>', '  </Export>',
  '  <Export>', '    <Target>storage.demo</Target>', '    <Path>/iso</Path>', '    <Accesslist>*</Accesslist>', '  </Export>',
  '</nfs-exports>');
const IQNS = xml(
  '<iscsi-target-iqns>',
  '  <TGT>', '    <Index>0</Index>', '    <IPAddress>192.0.2.10</IPAddress>', `    <TargetIQN>${IQN}</TargetIQN>`, '  </TGT>',
  '  <TGT>', '    <Index>1</Index>', '    <IPAddress>storage.demo</IPAddress>', '    <TargetIQN>*</TargetIQN>', '  </TGT>',
  '</iscsi-target-iqns>');
const LUNS = xml(
  '<iscsi-target>',
  '  <LUN>', '    <vendor>LIO-ORG</vendor>', '    <serial>4f1a2b3c5d6e4f708192a3b4c5d6e7f8</serial>', '    <LUNid>0</LUNid>', `    <size>${100 * GiB}</size>`, `    <SCSIid>${LUN0}</SCSIid>`, '  </LUN>',
  '  <LUN>', '    <vendor>LIO-ORG</vendor>', '    <serial>9e8d7c6b5a494837a6b5c4d3e2f1a0b9</serial>', '    <LUNid>1</LUNid>', `    <size>${500 * GiB}</size>`, `    <SCSIid>${LUN1}</SCSIid>`, '  </LUN>',
  '</iscsi-target>');
const blockDevice = (path: string, id: string, serial: string, size: number, lun: number) => [
  '  <BlockDevice>', `    <path>${path}</path>`, '    <numpaths>1</numpaths>', `    <SCSIid>${id}</SCSIid>`, '    <vendor>NETAPP</vendor>', `    <serial>${serial}</serial>`,
  `    <size>${size}</size>`, '    <adapter>3</adapter>', '    <channel>0</channel>', '    <id>0</id>', `    <lun>${lun}</lun>`, '    <hba>qla2xxx</hba>', '  </BlockDevice>'];
const ADAPTER = ['  <Adapter>', '    <host>host3</host>', '    <name>qla2xxx</name>', '    <manufacturer>QLogic Fibre Channel HBA Driver</manufacturer>', '    <id>3</id>',
  '    <fc_host>', '      <node_name>0x20000024ff4a6b2c</node_name>', '      <port_name>0x21000024ff4a6b2c</port_name>', '      <port_state>Online</port_state>',
  '      <speed>16 Gbit</speed>', '      <supported_speeds>4 Gbit, 8 Gbit, 16 Gbit</supported_speeds>', '    </fc_host>', '  </Adapter>'];
const FC_LUN0 = blockDevice('/dev/sdc', FC0, '80ScGq5Ep0aA', 200 * GiB, 0), FC_LUN1 = blockDevice('/dev/sdd', FC1, '80ScGq5Ep0aB', 1024 * GiB, 1);
const SRLIST_EMPTY = xml('<SRlist/>');
const lvmSrList = (uuid: string, scsiId: string, size: number) => xml(
  '<SRlist>', '  <SR>', `    <UUID>${uuid}</UUID>`, `    <Devlist>/dev/disk/by-id/scsi-${scsiId}</Devlist>`, `    <size>${size - 4 * MiB}</size>`, '  </SR>', '</SRlist>');
const fileSrList = (...uuids: string[]) => uuids.length ? xml('<SRlist>', ...uuids.flatMap((u) => ['  <SR>', `    <UUID>${u}</UUID>`, '  </SR>']), '</SRlist>') : SRLIST_EMPTY;
const failure = (n: number, text: string, stderr = '') => [`SR_BACKEND_FAILURE_${n}`, '', text, stderr];

let sim: Simulator;
let s: string;
const call = <T = unknown>(m: string, ...p: unknown[]) => rpc(sim.url, m, [s, ...p]).then((r) => ok<T>(r));
const fail = (m: string, ...p: unknown[]) => rpc(sim.url, m, [s, ...p]).then(errArray);
const rec = (cls: string, ref: string): Rec => { const r = sim.records(cls).get(ref); if (!r) throw new Error(`${cls} ${ref} missing`); return r; };
const find = (cls: string, pred: (r: Rec) => boolean) => [...sim.records(cls)].find(([, r]) => pred(r))?.[0];
const hosts = () => { const m = String([...sim.records('pool').values()][0].master); return [m, ...[...sim.records('host').keys()].filter((h) => h !== m)]; };
const probe = (dc: Rec, type: string) => call<string>('SR.probe', hosts()[0], dc, type, {});
const probeFails = (dc: Rec, type: string) => fail('SR.probe', hosts()[0], dc, type, {});
const create = (dc: Rec, type: string, name: string, content = 'user') => call<string>('SR.create', hosts()[0], dc, 0, name, '', type, content, true, {});
const createFails = (dc: Rec, type: string, content = 'user') => fail('SR.create', hosts()[0], dc, 0, 'x', '', type, content, true, {});
const detach = async (sr: string) => { for (const p of rec('SR', sr).PBDs as string[]) await call('PBD.unplug', p); };

beforeAll(async () => {
  sim = await startSimulator({ port: 0, taskDurationMs: 40, hosts: 2, vms: 4 });
  s = ok<string>(await rpc(sim.url, 'session.login_with_password', ['root', 'xenroot']));
});
afterAll(async () => { await sim?.close(); });

describe('NFS (NFSSR)', () => {
  it('server only: error 101 with the exports; server and path: the SRs there, with the NFS versions when asked', async () => {
    expect(await probeFails({ server: 'storage.demo' }, 'nfs')).toEqual(failure(101, 'The request is missing the serverpath parameter', EXPORTS));
    const demo = find('SR', (r) => r.name_label === 'NFS shared storage')!;
    const uuid = String(rec('SR', demo).uuid);
    expect(rec('PBD', (rec('SR', demo).PBDs as string[])[0]).device_config).toEqual({ server: 'storage.demo', serverpath: '/vms' });
    expect(await probe({ server: 'storage.demo', serverpath: '/vms' }, 'nfs')).toBe(fileSrList(uuid));
    // XenCenter's Scan sends probeversion (and options): sm adds the versions the server supports.
    expect(await probe({ server: 'storage.demo', serverpath: '/vms', options: '', probeversion: '' }, 'nfs')).toBe(xml(
      '<SRlist>', '  <SR>', `    <UUID>${uuid}</UUID>`, '  </SR>', '  <SupportedVersions>', '    <Version>3</Version>', '    <Version>4</Version>', '  </SupportedVersions>', '</SRlist>'));
    expect(await probe({ server: 'STORAGE.demo', serverpath: '/iso/' }, 'nfs')).toBe(SRLIST_EMPTY);
  });

  it('errors: no server, an unknown name, an address nobody answers at, an export that does not exist', async () => {
    expect(await probeFails({ serverpath: '/vms' }, 'nfs')).toEqual(failure(102, 'The request is missing the server parameter'));
    expect(await probeFails({ server: 'nas.example.com', serverpath: '/vms' }, 'nfs')).toEqual(failure(140, 'Incorrect DNS name, unable to resolve.'));
    expect(await probeFails({ server: '10.0.0.9' }, 'nfs')).toEqual(failure(108, 'Unable to detect an NFS service on this target.'));
    expect(await probeFails({ server: 'storage.demo', serverpath: '/export/vms' }, 'nfs'))
      .toEqual(failure(73, 'NFS mount error [opterr=mount failed on server `storage.demo` with return code 32]'));
    const before = [sim.records('SR').size, sim.records('PBD').size];
    expect(await createFails({ server: 'storage.demo', serverpath: '/nope' }, 'nfs')).toEqual(failure(73, 'NFS mount error [opterr=mount failed on server `storage.demo` with return code 32]'));
    // create prints the exports too (validate_remotepath(True)): the wizard's "Scan" works either way
    expect(await createFails({ server: 'storage.demo' }, 'nfs')).toEqual(failure(101, 'The request is missing the serverpath parameter', EXPORTS));
    expect([sim.records('SR').size, sim.records('PBD').size]).toEqual(before);
  });

  it('create → detach → forget → probe finds it → introduce + PBD.create + PBD.plug on every host (XenCenter "attach existing")', async () => {
    const dc = { server: 'storage.demo', serverpath: '/vms' };
    const sr = await create(dc, 'nfs', 'second NFS');
    const uuid = String(rec('SR', sr).uuid);
    expect(rec('SR', sr)).toMatchObject({ type: 'nfs', shared: true, physical_size: 8000 * GiB, physical_utilisation: 0 });
    expect((rec('SR', sr).PBDs as string[]).map((p) => rec('PBD', p))).toEqual(hosts().map(() => expect.objectContaining({ device_config: dc, currently_attached: true })));
    expect(await probe(dc, 'nfs')).toContain(`<UUID>${uuid}</UUID>`);
    await detach(sr);
    await call('SR.forget', sr);
    expect(sim.records('SR').has(sr)).toBe(false);
    const listed = await probe(dc, 'nfs');
    expect(listed).toContain(`<UUID>${uuid}</UUID>`);
    const back = await call<string>('SR.introduce', uuid, 'second NFS', '', 'nfs', 'user', true, {});
    for (const host of hosts()) await call('PBD.plug', await call<string>('PBD.create', { host, SR: back, device_config: dc, other_config: {} }));
    expect(rec('SR', back)).toMatchObject({ uuid, type: 'nfs' });
    expect((rec('SR', back).PBDs as string[]).map((p) => rec('PBD', p).currently_attached)).toEqual([true, true]);
    // destroy deletes its directory: probe no longer lists it
    await detach(back);
    await call('SR.destroy', back);
    expect(await probe(dc, 'nfs')).not.toContain(uuid);
  });
});

describe('SMB (SMBSR)', () => {
  it('probe of //storage.demo/vms (either slash) lists the SRs on the share; other shares and servers: error 111', async () => {
    expect(await probe({ server: '//storage.demo/vms' }, 'smb')).toBe(SRLIST_EMPTY);
    const sr = await create({ server: '\\\\storage.demo\\vms', username: 'demo', password: 'demo' }, 'smb', 'SMB VMs');
    expect(rec('SR', sr)).toMatchObject({ type: 'smb', physical_size: 4000 * GiB });
    expect(await probe({ server: '\\\\storage.demo\\vms' }, 'smb')).toBe(fileSrList(String(rec('SR', sr).uuid)));
    expect(await probeFails({}, 'smb')).toEqual(failure(102, 'The request is missing the server parameter'));
    for (const server of ['//storage.demo/nope', '//fileserver.example.com/vms', 'storage.demo:/vms']) {
      expect(await probeFails({ server }, 'smb')).toEqual(failure(111, 'SMB mount error [opterr=mount failed with return code 32]'));
    }
  });
});

describe('iSCSI (BaseISCSI, LVHDoISCSISR)', () => {
  it('target only: error 96 with the IQNs; with the IQN: error 107 with the LUNs; with the LUN: the SRs on it', async () => {
    expect(await probeFails({ target: 'storage.demo', port: '3260' }, 'lvmoiscsi')).toEqual(failure(96, 'The request is missing or has an incorrect target IQN parameter', IQNS));
    // XenCenter's "Scan Target Host" calls SR.create (ISCSIPopulateIQNsAction) and reads the same error
    expect(await createFails({ target: 'storage.demo', port: '3260' }, 'lvmoiscsi')).toEqual(failure(96, 'The request is missing or has an incorrect target IQN parameter', IQNS));
    expect(await probeFails({ target: '192.0.2.10', port: '3260', targetIQN: IQN }, 'lvmoiscsi')).toEqual(failure(107, 'The SCSIid parameter is missing or incorrect', LUNS));
    expect(await probe({ target: '192.0.2.10', port: '3260', targetIQN: IQN, SCSIid: LUN0 }, 'lvmoiscsi')).toBe(SRLIST_EMPTY);
  });

  it('errors: unknown name, silent address, wrong port, bad port, CHAP the target does not use, an IQN it lacks, a LUN it lacks', async () => {
    expect(await probeFails({}, 'lvmoiscsi')).toEqual(failure(95, 'The request is missing the target parameter'));
    expect(await probeFails({ target: 'san.example.com' }, 'lvmoiscsi')).toEqual(failure(140, 'Incorrect DNS name, unable to resolve.'));
    expect(await probeFails({ target: '10.0.0.9' }, 'lvmoiscsi')).toEqual(failure(141, 'Unable to connect to ISCSI service on target'));
    expect(await probeFails({ target: 'storage.demo', port: '3261' }, 'lvmoiscsi')).toEqual(failure(141, 'Unable to connect to ISCSI service on target'));
    expect(await probeFails({ target: 'storage.demo', port: 'iscsi' }, 'lvmoiscsi')).toEqual(failure(142, 'Incorrect value for iSCSI port, must be a number between 1 and 65535'));
    expect(await probeFails({ target: 'storage.demo', chapuser: 'admin', chappassword: 'wrong' }, 'lvmoiscsi'))
      .toEqual(failure(68, 'ISCSI login failed - check access settings for the initiator on the storage, if CHAP is used verify CHAP credentials'));
    expect(await probeFails({ target: 'storage.demo', targetIQN: 'iqn.2026-01.demo:other' }, 'lvmoiscsi')).toEqual(failure(83, 'ISCSI discovery failed [opterr=check target settings]', IQNS));
    expect(await probeFails({ target: 'storage.demo', targetIQN: IQN, SCSIid: '36001405000000000000000000000dead' }, 'lvmoiscsi')).toEqual(failure(107, 'The SCSIid parameter is missing or incorrect'));
  });

  it('create on a LUN; the LUN in use refuses another; forgotten, it is found by probe; a new SR there overwrites it', async () => {
    const dc = { target: '192.0.2.10', port: '3260', targetIQN: IQN, SCSIid: LUN0 };
    const sr = await create(dc, 'lvmoiscsi', 'iSCSI LUN 0');
    const uuid = String(rec('SR', sr).uuid);
    expect(rec('SR', sr)).toMatchObject({ type: 'lvmoiscsi', shared: true, physical_size: 100 * GiB - 4 * MiB, physical_utilisation: 4 * MiB });
    expect(rec('SR', sr).sm_config).toMatchObject({ allocation: 'thick', use_vhd: 'true', devserial: `scsi-${LUN0}`, multipathable: 'true' });
    expect(await probe(dc, 'lvmoiscsi')).toBe(lvmSrList(uuid, LUN0, 100 * GiB));
    expect(await createFails(dc, 'lvmoiscsi')).toEqual(['SR_DEVICE_IN_USE']);
    await detach(sr);
    await call('SR.forget', sr);
    expect(await probe(dc, 'lvmoiscsi')).toBe(lvmSrList(uuid, LUN0, 100 * GiB));
    // XenCenter warns that formatting destroys what the LUN holds: the forgotten SR is gone.
    const again = await create(dc, 'lvmoiscsi', 'iSCSI LUN 0 again');
    expect(await probe(dc, 'lvmoiscsi')).toBe(lvmSrList(String(rec('SR', again).uuid), LUN0, 100 * GiB));
  });
});

describe('Hardware HBA (LVHDoHBASR, devscan)', () => {
  it('probe without a SCSIid: error 107 with the Devlist of LUNs this pool does not use; with one: the SRs on it', async () => {
    expect(await probeFails({}, 'lvmohba')).toEqual(failure(107, 'The SCSIid parameter is missing or incorrect', xml('<Devlist>', ...FC_LUN0, ...FC_LUN1, ...ADAPTER, '</Devlist>')));
    expect(await probe({ SCSIid: FC1 }, 'lvmohba')).toBe(SRLIST_EMPTY);
    const sr = await create({ SCSIid: FC1 }, 'lvmohba', 'FC LUN 1');
    expect(rec('SR', sr)).toMatchObject({ physical_size: 1024 * GiB - 4 * MiB });
    expect(await probe({ SCSIid: FC1 }, 'lvmohba')).toBe(lvmSrList(String(rec('SR', sr).uuid), FC1, 1024 * GiB));
    expect(await probeFails({}, 'lvmohba')).toEqual(failure(107, 'The SCSIid parameter is missing or incorrect', xml('<Devlist>', ...FC_LUN0, ...ADAPTER, '</Devlist>')));
    expect(await probeFails({ SCSIid: '3600a0980383030534500000000000000' }, 'lvmohba')).toEqual(failure(19, 'No such device'));
  });
});

describe('ISO libraries (ISOSR)', () => {
  const sizes: Record<string, number> = { 'debian-12.7.0-amd64-netinst.iso': 661 * MiB, 'ubuntu-24.04-live-server-amd64.iso': 2688 * MiB, 'Win2022_EVAL.iso': 4946 * MiB, 'xcp-ng-8.3.0.iso': 602 * MiB };
  const names = Object.keys(sizes).sort();
  const isosOf = (sr: string) => (rec('SR', sr).VDIs as string[]).map((v) => rec('VDI', v));

  it('the demo library is storage.demo:/iso; ISO SRs cannot be probed', async () => {
    const lib = find('SR', (r) => r.name_label === 'ISO library')!;
    expect(rec('PBD', (rec('SR', lib).PBDs as string[])[0]).device_config).toEqual({ location: 'storage.demo:/iso', type: 'nfs_iso' });
    expect(isosOf(lib).map((v) => v.name_label).sort()).toEqual(names);
    expect(await probeFails({ location: 'storage.demo:/iso' }, 'iso')).toEqual(['SR_BACKEND_FAILURE', "Operation 'sr_probe' not supported by this SR type", '', '']);
  });

  it('NFS ISO and SMB ISO create: a read-only VDI per image, found again by SR.scan', async () => {
    const nfsIso = await create({ location: 'storage.demo:/iso', type: 'nfs_iso' }, 'iso', 'NFS ISOs', 'iso');
    expect(rec('SR', nfsIso)).toMatchObject({ type: 'iso', content_type: 'iso', physical_size: 500 * GiB, sm_config: { iso_type: 'nfs_iso' } });
    expect(isosOf(nfsIso).map((v) => [v.name_label, v.location, v.read_only, v.virtual_size]).sort()).toEqual(names.map((n) => [n, n, true, sizes[n]]));
    const smbIso = await create({ location: '//storage.demo/iso', type: 'cifs' }, 'iso', 'SMB ISOs', 'iso');
    expect(isosOf(smbIso).map((v) => v.name_label).sort()).toEqual(names);
    await call('VDI.forget', (rec('SR', smbIso).VDIs as string[])[0]);
    expect(isosOf(smbIso)).toHaveLength(3);
    await call('SR.scan', smbIso);
    expect(isosOf(smbIso).map((v) => v.name_label).sort()).toEqual(names);
  });

  it('errors: no location, location format, unknown server, silent address, missing export or share', async () => {
    expect(await createFails({}, 'iso', 'iso')).toEqual(failure(94, 'The request is missing the location parameter'));
    expect(await createFails({ location: 'storage.demo/iso', type: 'nfs_iso' }, 'iso', 'iso'))
      .toEqual(failure(225, 'Incorrect Location string format. String must be in the format SERVER:PATH for NFS targets, or \\\\SERVER\\PATH for CIFS targets'));
    expect(await createFails({ location: 'nas.example.com:/iso', type: 'nfs_iso' }, 'iso', 'iso')).toEqual(failure(140, 'Incorrect DNS name, unable to resolve.'));
    expect(await createFails({ location: '10.0.0.9:/iso', type: 'nfs_iso' }, 'iso', 'iso')).toEqual(failure(108, 'Unable to detect an NFS service on this target.'));
    expect(await createFails({ location: 'storage.demo:/isos', type: 'nfs_iso' }, 'iso', 'iso'))
      .toEqual(failure(222, 'Could not mount the directory specified in Device Configuration [opterr=mount failed on server `storage.demo` with return code 32]'));
    expect(await createFails({ location: '//storage.demo/isos', type: 'cifs' }, 'iso', 'iso'))
      .toEqual(failure(222, 'Could not mount the directory specified in Device Configuration [opterr=mount error(2): No such file or directory]'));
  });
});

describe('SR.probe_ext', () => {
  it('SMAPIv1 drivers: SR_OPERATION_NOT_SUPPORTED []; gfs2 over iSCSI: the IQN, then the LUNs as probe_result records', async () => {
    const h = hosts()[0];
    expect(await fail('SR.probe_ext', h, { server: 'storage.demo', serverpath: '/vms' }, 'nfs', {})).toEqual(['SR_OPERATION_NOT_SUPPORTED']);
    expect(await fail('SR.probe_ext', h, {}, 'btrfs', {})).toEqual(['SR_UNKNOWN_DRIVER', 'btrfs']);
    expect(await call('SR.probe_ext', h, { provider: 'iscsi', target: 'storage.demo', port: '3260' }, 'gfs2', {})).toEqual([
      { configuration: { provider: 'iscsi', target: '192.0.2.10', port: '3260', targetIQN: IQN }, complete: false, extra_info: {} }]);
    const luns = await call<Rec[]>('SR.probe_ext', h, { provider: 'iscsi', target: '192.0.2.10', port: '3260', targetIQN: IQN }, 'gfs2', {});
    expect(luns).toEqual([LUN0, LUN1].map((SCSIid, i) => ({
      configuration: { provider: 'iscsi', target: '192.0.2.10', port: '3260', targetIQN: IQN, SCSIid }, complete: true,
      extra_info: { LUNid: String(i), vendor: 'LIO-ORG', serial: i ? '9e8d7c6b5a494837a6b5c4d3e2f1a0b9' : '4f1a2b3c5d6e4f708192a3b4c5d6e7f8', size: String((i ? 500 : 100) * GiB) },
    })));
    expect(await call('SR.probe_ext', h, { provider: 'iscsi', target: 'nas.example.com' }, 'gfs2', {})).toEqual([]);
  });
});

describe("Xen Orchestra's xen-api client", () => {
  let xo: XoXapi;
  beforeAll(async () => {
    xo = createClient({ url: sim.url, auth: { user: 'root', password: 'xenroot' }, allowUnauthorized: true, readOnly: false });
    await xo.connect();
  });
  afterAll(async () => { await xo?.disconnect(); });

  it('calls SR.probe (sync and through a task), SR.probe_ext, and sees the backend error with its XML', async () => {
    const host = hosts()[0];
    const demoUuid = String(rec('SR', find('SR', (r) => r.name_label === 'NFS shared storage')!).uuid);
    expect(await xo.call<string>('SR.probe', host, { server: 'storage.demo', serverpath: '/vms' }, 'nfs', {})).toContain(`<UUID>${demoUuid}</UUID>`);
    expect(await xo.callAsync<string>('SR.probe', host, { server: 'storage.demo', serverpath: '/vms' }, 'nfs', {})).toContain(`<UUID>${demoUuid}</UUID>`);
    const e = (await xo.call('SR.probe', host, { server: 'storage.demo' }, 'nfs', {}).catch((x: unknown) => x)) as { code: string; params: string[] };
    expect([e.code, ...e.params]).toEqual(failure(101, 'The request is missing the serverpath parameter', EXPORTS));
    const results = await xo.call<Rec[]>('SR.probe_ext', host, { provider: 'iscsi', target: 'storage.demo' }, 'gfs2', {});
    expect(results).toEqual([expect.objectContaining({ complete: false, configuration: expect.objectContaining({ targetIQN: IQN }) })]);
  });
});
