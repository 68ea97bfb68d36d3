// The New SR wizard's pure parts: sm's probe XML read as XenCenter reads it (and junk from an
// untrusted server ignored), the location checks, default names, the device_config of each type,
// the one Finish request, and when New SR… and Reattach… can run.
import { describe, expect, it } from 'vitest';
import {
  MAX_ENTRIES, choicesXml, parseDevlist, parseIqns, parseLuns, parseNfsExports, parseSrList, parseSupportedVersions,
} from '../../renderer/src/features/new-sr/probe-xml';
import {
  autoDescription, defaultSrName, deviceConfig, emptyDraft, kindsForSrType, lunLabel, nfsPathProblem, pageProblems, portProblem, probeConfig,
  smbPathProblem, srUsingScsiId, toFinish, type Draft, type WizardContext,
} from '../../renderer/src/features/new-sr/model';
import { NEW_SR_COMMAND, REATTACH_SR_COMMAND, reattachRefusal } from '../../renderer/src/features/new-sr/command';
import { scanErrorText } from '../../renderer/src/features/new-sr/scan';
import { commandState } from '../../renderer/src/framework/availability';
import type { ConnObjects } from '../../renderer/src/state/store';
import type { ConnectionInfo } from '../../shared/ipc/contract';

const UUID = '5f0e1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

describe('probe XML', () => {
  it('reads an SR list, skipping entries without a uuid', () => {
    const xml = `<?xml version="1.0" ?>\n<SRlist>\n\t<SR>\n\t\t<UUID>${UUID}</UUID>\n\t\t<size>107374182400</size>\n\t\t<name_label>vms &amp; more</name_label>\n\t</SR>\n\t<SR><size>1</size></SR>\n\t<SR><UUID>not a uuid!</UUID></SR>\n</SRlist>\n`;
    expect(parseSrList(xml)).toEqual([{ uuid: UUID, size: 107374182400, name: 'vms & more', description: '', aggregate: '', poolMetadataDetected: false }]);
    expect(parseSrList('<SRlist></SRlist>')).toEqual([]);
    expect(parseSrList(undefined)).toEqual([]);
  });

  it('reads NFS exports and supported versions', () => {
    expect(parseNfsExports('<nfs-exports><Export><Target>storage.demo</Target><Path>/vms</Path><Accesslist>*</Accesslist></Export><Export><Path>iso</Path></Export></nfs-exports>'))
      .toEqual([{ target: 'storage.demo', path: '/vms', accessList: '*' }]);
    expect(parseSupportedVersions('<?xml version="1.0" ?><SupportedVersions><Version>3</Version><Version>4.1</Version><Version>x y</Version></SupportedVersions>')).toEqual(['3', '4.1']);
  });

  it('reads IQNs sorted by name, "*" last, the port defaulted', () => {
    const xml = '<iscsi-target-iqns><TGT><Index>1</Index><IPAddress>10.0.0.5</IPAddress><TargetIQN>*</TargetIQN></TGT>'
      + '<TGT><Index>0</Index><IPAddress>10.0.0.5</IPAddress><TargetIQN>iqn.2026-01.demo:storage</TargetIQN></TGT>'
      + '<TGT><Index>2</Index><IPAddress>10.0.0.6</IPAddress><Port>3261</Port><TargetIQN>iqn.2026-01.demo:alpha</TargetIQN></TGT>'
      + '<TGT><Index>3</Index><IPAddress>10.0.0.7</IPAddress></TGT></iscsi-target-iqns>';
    expect(parseIqns(xml).map((i) => [i.targetIQN, i.address, i.port])).toEqual([
      ['iqn.2026-01.demo:alpha', '10.0.0.6', 3261], ['iqn.2026-01.demo:storage', '10.0.0.5', 3260], ['*', '10.0.0.5', 3260],
    ]);
  });

  it('reads LUNs by LUN id, and HBA block devices with sized suffixes', () => {
    const luns = parseLuns('<iscsi-target><LUN><vendor>LIO-ORG</vendor><serial>s1</serial><LUNid>1</LUNid><size>536870912000</size><SCSIid>36001405bbb</SCSIid></LUN>'
      + '<LUN><vendor>LIO-ORG</vendor><serial>s0</serial><LUNid>0</LUNid><size>107374182400</size><SCSIid>36001405aaa</SCSIid></LUN><LUN><LUNid>9</LUNid></LUN></iscsi-target>');
    expect(luns.map((l) => [l.lunId, l.scsiId, l.size])).toEqual([[0, '36001405aaa', 107374182400], [1, '36001405bbb', 536870912000]]);
    expect(lunLabel(luns[1])).toBe('LUN 1: s1: 500 GiB (LIO-ORG)');
    const devs = parseDevlist('<Devlist><BlockDevice><path>/dev/sdb</path><SCSIid>3600a</SCSIid><vendor>HP</vendor><serial>XYZ</serial><size>100gb</size><adapter>1</adapter><lun>1</lun></BlockDevice><Adapter><host>host1</host></Adapter></Devlist>');
    expect(devs).toEqual([{ vendor: 'HP', serial: 'XYZ', path: '/dev/sdb', scsiId: '3600a', size: 100 * 1024 ** 3, adapter: '1', channel: '', id: '', lun: '1' }]);
  });

  it('bounds what an untrusted server sends', () => {
    const many = `<SRlist>${'<SR><UUID>' + UUID + '</UUID></SR>'.repeat(1)}${Array.from({ length: 1500 }, () => `<SR><UUID>${UUID}</UUID></SR>`).join('')}</SRlist>`;
    expect(parseSrList(many).length).toBe(MAX_ENTRIES);
    const long = 'x'.repeat(5000);
    expect(parseSrList(`<SRlist><SR><UUID>${UUID}</UUID><name_label>${long}</name_label></SR></SRlist>`)[0].name.length).toBe(1024);
    expect(parseLuns('<iscsi-target><LUN><SCSIid>a</SCSIid><LUNid>99999999999999999999999</LUNid><size>-5x</size></LUN></iscsi-target>')[0]).toMatchObject({ lunId: -1, size: -1 });
    expect(parseSrList('<SRlist><SR><UUID><b>nested</b></UUID></SR>')).toEqual([]);
  });

  it('finds the XML of choices in a backend error', () => {
    const xml = '<?xml version="1.0" ?><iscsi-target-iqns></iscsi-target-iqns>';
    expect(choicesXml({ code: 'SR_BACKEND_FAILURE_96', params: ['', 'missing IQN', xml] })).toBe(xml);
    expect(choicesXml({ code: 'SR_BACKEND_FAILURE_140', params: ['', 'Incorrect DNS name, unable to resolve.', ''] })).toBeUndefined();
    expect(choicesXml({ code: 'HOST_OFFLINE', params: [xml] })).toBeUndefined();
  });

  it('says a backend failure in sm\'s words with its code', () => {
    expect(scanErrorText({ code: 'SR_BACKEND_FAILURE_140', params: ['', 'Incorrect DNS name, unable to resolve.', ''], message: '' })).toBe('Incorrect DNS name, unable to resolve (SR_BACKEND_FAILURE_140)');
    expect(scanErrorText({ code: 'SR_BACKEND_FAILURE_68', params: [], message: '' })).toBe('Logging in to the iSCSI target failed (SR_BACKEND_FAILURE_68)');
  });
});

describe('the wizard model', () => {
  const store = { objects: new Map<string, ConnObjects>() };
  const ctx: WizardContext = { store, connectionId: 'c', poolName: 'Demo Pool' };
  const draft = (patch: Partial<Draft>): Draft => ({ ...emptyDraft(), name: 'x', ...patch });

  it('checks locations: server:/path, \\\\server\\share, the port', () => {
    expect(nfsPathProblem('storage.demo:/vms')).toBeUndefined();
    expect(nfsPathProblem('storage.demo:/')).toBeUndefined();
    expect(nfsPathProblem('storage.demo/vms')).toMatch(/server:\/path/);
    expect(nfsPathProblem('storage.demo:vms')).toMatch(/server:\/path/);
    expect(nfsPathProblem('')).toMatch(/Enter the share/);
    expect(smbPathProblem('\\\\storage.demo\\vms')).toBeUndefined();
    expect(smbPathProblem('//storage.demo/vms')).toBeUndefined();
    expect(smbPathProblem('storage.demo\\vms')).toMatch(/\\\\server\\share/);
    expect(portProblem('3260')).toBeUndefined();
    for (const bad of ['0', '65536', 'abc', '', '32 60']) expect(portProblem(bad)).toMatch(/1 to 65535/);
  });

  it('needs a type and a name', () => {
    expect(pageProblems('Type', ctx, emptyDraft())).toEqual(['Choose a type of storage']);
    expect(pageProblems('Name', ctx, draft({ kind: 'nfs', name: '  ' }))).toEqual(['Enter a name for the SR']);
    expect(pageProblems('Name', ctx, draft({ kind: 'nfs' }))).toEqual([]);
  });

  it('names as XenCenter: the type\'s name, then (1), (2)', () => {
    expect(defaultSrName('NFS virtual disk storage', new Set())).toBe('NFS virtual disk storage');
    expect(defaultSrName('NFS virtual disk storage', new Set(['NFS virtual disk storage', 'NFS virtual disk storage (1)']))).toBe('NFS virtual disk storage (2)');
  });

  it('NFS: device_config from server:/path, v4 when chosen; a scan to reattach', () => {
    const d = draft({ kind: 'nfs', nfsPath: 'storage.demo:/vms', nfsVersion: '4' });
    expect(deviceConfig(d)).toEqual({ server: 'storage.demo', serverpath: '/vms', options: '', nfsversion: '4' });
    expect(probeConfig.nfs(d)).toEqual({ server: 'storage.demo', serverpath: '/vms', options: '', probeversion: '' });
    expect(autoDescription(d)).toBe('NFS SR [storage.demo:/vms]');
    expect(pageProblems('Location', ctx, d)).toEqual([]);
    expect(pageProblems('Location', ctx, { ...d, attach: 'existing', found: [] })).toEqual(['Choose the SR to reattach']);
    expect(toFinish(ctx, d)).toMatchObject({ mode: 'create', type: 'nfs', contentType: '', description: 'NFS SR [storage.demo:/vms]' });
    expect(toFinish(ctx, { ...d, attach: 'existing', existingUuid: UUID })).toMatchObject({ mode: 'introduce', uuid: UUID });
  });

  it('iSCSI: target, IQN, LUN, then the LUN checked; CHAP in device_config (main makes it a secret)', () => {
    const iqn = { index: 0, address: 'storage.demo', port: 3260, targetIQN: 'iqn.2026-01.demo:storage' };
    const lun = { lunId: 1, scsiId: '36001405bbb', vendor: 'LIO-ORG', serial: 's1', size: 500 * 1024 ** 3 };
    const base = draft({ kind: 'iscsi', iscsiHost: 'storage.demo' });
    expect(pageProblems('Location', ctx, { ...base, iscsiPort: '99999' })).toEqual(['The port must be a number from 1 to 65535']);
    expect(pageProblems('Location', ctx, { ...base, useChap: true })).toEqual(['Enter the CHAP user name']);
    expect(pageProblems('Location', ctx, base)).toEqual(['Scan the target host and choose a target IQN']);
    expect(pageProblems('Location', ctx, { ...base, iqn })).toEqual(['Choose a target LUN']);
    expect(pageProblems('Location', ctx, { ...base, iqn, lun })).toEqual(['Checking the LUN for an existing SR…']);
    const ready = { ...base, iqn, lun, found: [], useChap: true, chapUser: 'alice', chapPassword: 'pw' };
    expect(pageProblems('Location', ctx, ready)).toEqual([]);
    expect(deviceConfig(ready)).toEqual({ target: 'storage.demo', port: '3260', targetIQN: iqn.targetIQN, SCSIid: lun.scsiId, chapuser: 'alice', chappassword: 'pw' });
    expect(probeConfig.iqns(ready)).toEqual({ target: 'storage.demo', port: '3260', chapuser: 'alice', chappassword: 'pw' });
    expect(autoDescription(ready)).toBe('iSCSI SR [storage.demo (iqn.2026-01.demo:storage; LUN 1: s1: 500 GiB (LIO-ORG))]');
    expect(toFinish(ctx, ready)).toMatchObject({ mode: 'create', type: 'lvmoiscsi' });
  });

  it('refuses a LUN already used by an SR of a connected pool', () => {
    const objects: ConnObjects = new Map<string, Map<string, Record<string, unknown>>>([
      ['sr', new Map([['OpaqueRef:s', { name_label: 'iSCSI one', PBDs: ['OpaqueRef:p'] }]])],
      ['pbd', new Map([['OpaqueRef:p', { device_config: { SCSIid: '36001405bbb' } }]])],
    ]);
    const s = { objects: new Map([['c', objects]]) };
    expect(srUsingScsiId(s, '36001405bbb')).toMatchObject({ name: 'iSCSI one' });
    const d = draft({ kind: 'hba', device: { vendor: 'HP', serial: 'X', path: '', scsiId: '36001405bbb', size: 1, adapter: '', channel: '', id: '', lun: '' } });
    expect(pageProblems('Location', { ...ctx, store: s }, d)).toEqual(["This LUN is already in use as SR 'iSCSI one'"]);
  });

  it('refuses to attach again an SR a pool has attached', () => {
    const objects: ConnObjects = new Map<string, Map<string, Record<string, unknown>>>([['sr', new Map([['OpaqueRef:n', { uuid: UUID, name_label: 'NFS shared storage', PBDs: ['OpaqueRef:p'] }]])]]);
    const s = { objects: new Map([['c', objects]]) };
    const found = [{ uuid: UUID, size: 0, name: '', description: '', aggregate: '', poolMetadataDetected: false }];
    const d = draft({ kind: 'nfs', nfsPath: 'storage.demo:/vms', found, attach: 'existing', existingUuid: UUID });
    expect(pageProblems('Location', { ...ctx, store: s }, d)).toEqual(["The SR 'NFS shared storage' is in use on 'Demo Pool': detach it there before attaching it again"]);
    expect(pageProblems('Location', { ...ctx, store: s }, { ...d, attach: 'new', existingUuid: null })).toEqual([]);
  });

  it('ISO libraries: NFS location, SMB location with iso_path and the password as cifspassword', () => {
    expect(deviceConfig(draft({ kind: 'nfsIso', nfsPath: 'storage.demo:/iso' }))).toEqual({ location: 'storage.demo:/iso', type: 'nfs_iso' });
    expect(deviceConfig(draft({ kind: 'smbIso', smbPath: '\\\\storage.demo\\isos\\linux', smbUser: 'bob', smbPassword: 'pw' })))
      .toEqual({ location: '//storage.demo/isos', type: 'cifs', iso_path: '/linux', username: 'bob', cifspassword: 'pw' });
    expect(toFinish(ctx, draft({ kind: 'nfsIso', nfsPath: 'storage.demo:/iso', setDefault: true }))).toMatchObject({ type: 'iso', contentType: 'iso', setDefault: false });
  });

  it('reattach: the location must hold that SR', () => {
    const r: WizardContext = { ...ctx, reattach: { ref: 'OpaqueRef:s', uuid: UUID, name: 'old' } };
    const d = draft({ kind: 'nfs', nfsPath: 'storage.demo:/vms', attach: 'existing' });
    expect(pageProblems('Location', r, d)).toEqual(['Scan the location to find the SR']);
    expect(pageProblems('Location', r, { ...d, found: [] })).toEqual(["This location does not hold the SR 'old'"]);
    const ok = { ...d, found: [{ uuid: UUID, size: 0, name: '', description: '', aggregate: '', poolMetadataDetected: false }] };
    expect(pageProblems('Location', r, ok)).toEqual([]);
    expect(toFinish(r, ok)).toMatchObject({ mode: 'reattach', srRef: 'OpaqueRef:s' });
    expect(kindsForSrType('iso')).toEqual(['nfsIso', 'smbIso']);
    expect(kindsForSrType('ext')).toEqual([]);
  });
});

describe('New SR… and Reattach…', () => {
  const conn: ConnectionInfo = { id: 'c', url: 'https://10.0.0.1', hostname: '10.0.0.1', user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] };
  const objects: ConnObjects = new Map<string, Map<string, Record<string, unknown>>>([
    ['pool', new Map([['OpaqueRef:pool', { name_label: 'Demo Pool' }]])],
    ['sr', new Map([
      ['OpaqueRef:detached', { name_label: 'old nfs', type: 'nfs', PBDs: [], current_operations: {} }],
      ['OpaqueRef:attached', { name_label: 'nfs', type: 'nfs', PBDs: ['OpaqueRef:p'], current_operations: {} }],
      ['OpaqueRef:unplugged', { name_label: 'nfs2', type: 'nfs', PBDs: ['OpaqueRef:q'], current_operations: {} }],
      ['OpaqueRef:local', { name_label: 'Local storage', type: 'ext', PBDs: [], current_operations: {} }],
    ])],
    ['pbd', new Map([['OpaqueRef:p', { currently_attached: true }], ['OpaqueRef:q', { currently_attached: false }]])],
  ]);
  const store = { connections: new Map([['c', conn]]), objects: new Map([['c', objects]]) };
  const sr = (ref: string) => [{ connectionId: 'c', cls: 'sr', ref }];

  it('New SR… runs for a selected pool, server or any object of a connected pool', () => {
    expect(commandState(NEW_SR_COMMAND, [{ connectionId: 'c', cls: 'pool', ref: 'OpaqueRef:pool' }], store)).toEqual({ enabled: true });
    expect(commandState(NEW_SR_COMMAND, [], store).reason).toBe('Select a pool or server to add the storage to');
    expect(commandState(NEW_SR_COMMAND, [{ connectionId: 'c', cls: 'pool', ref: 'OpaqueRef:pool' }], { ...store, connections: new Map([['c', { ...conn, status: 'disconnected' as const }]]) }).enabled).toBe(false);
  });

  it('Reattach… only for a detached SR of a type the wizard makes', () => {
    expect(commandState(REATTACH_SR_COMMAND, sr('OpaqueRef:detached'), store)).toEqual({ enabled: true });
    expect(reattachRefusal(sr('OpaqueRef:attached'), store)).toBe('The SR is attached');
    expect(reattachRefusal(sr('OpaqueRef:unplugged'), store)).toMatch(/Repair/);
    expect(reattachRefusal(sr('OpaqueRef:local'), store)).toMatch(/type 'ext'/);
    expect(reattachRefusal([{ connectionId: 'c', cls: 'pool', ref: 'OpaqueRef:pool' }], store)).toBe('Select a storage repository');
  });
});
