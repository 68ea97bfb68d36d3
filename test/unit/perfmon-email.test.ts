// A pool's Email Notifications (XenCenter's PerfmonAlertOptionsPage): the pool other_config keys read
// and written as XenCenter writes them, the checks in words, the page's model and the contract.
import { describe, expect, it } from 'vitest';
import { emailCalls, emailOptionsOf, emailProblems } from '../../shared/perfmon/email';
import { planObjectCalls } from '../../shared/object-properties/plan';
import { OBJECT_PROPERTIES_VALIDATORS } from '../../shared/ipc/areas/object-properties';
import { changesOf, formOf, formProblems } from '../../renderer/src/features/object-properties/model';

const on = { address: 'ops@example.com', server: 'mail.example.com', port: 587, language: 'ja-JP' };

describe('the keys', () => {
  it('reads what XenCenter stores: on only with an address and a server', () => {
    expect(emailOptionsOf({ 'mail-destination': 'ops@example.com', 'ssmtp-mailhub': 'mail.example.com:587', 'mail-language': 'ja-JP' })).toEqual(on);
    expect(emailOptionsOf({ 'mail-destination': 'ops@example.com', 'ssmtp-mailhub': 'mail.example.com' })).toEqual({ ...on, port: 25, language: 'en-US' });
    expect(emailOptionsOf({ 'mail-destination': 'ops@example.com' })).toBeNull();
    expect(emailOptionsOf(undefined)).toBeNull();
  });

  it('writes them in XenCenter\'s order, each removed first; off removes them all', () => {
    expect(planObjectCalls('pool', { email: on }, {}).map((c) => [c.method, ...c.args])).toEqual([
      ['pool.remove_from_other_config', 'mail-destination'], ['pool.add_to_other_config', 'mail-destination', 'ops@example.com'],
      ['pool.remove_from_other_config', 'ssmtp-mailhub'], ['pool.add_to_other_config', 'ssmtp-mailhub', 'mail.example.com:587'],
      ['pool.remove_from_other_config', 'mail-language'], ['pool.add_to_other_config', 'mail-language', 'ja-JP'],
    ]);
    expect(emailCalls(null).map((c) => c.args)).toEqual([['mail-destination'], ['ssmtp-mailhub'], ['mail-language']]);
  });

  it('names each mistake', () => {
    expect(emailProblems({ address: 'nobody', server: 'bad server', port: 70000, language: 'fr-FR' }).map((p) => p.field)).toEqual(['address', 'server', 'port', 'language']);
    expect(emailProblems(on)).toEqual([]);
    expect(emailProblems(null)).toEqual([]);
  });
});

describe('the page and the contract', () => {
  it('sends the options only when they changed, null when turned off', () => {
    const pool = { name_label: 'p', other_config: { 'mail-destination': 'ops@example.com', 'ssmtp-mailhub': 'mail.example.com:587' } };
    const before = formOf(pool, 'pool');
    expect(before.email).toEqual({ on: true, address: 'ops@example.com', server: 'mail.example.com', port: '587', language: 'en-US' });
    expect(changesOf('pool', before, before)).toEqual({});
    expect(changesOf('pool', before, { ...before, email: { ...before.email, port: '25' } })).toEqual({ email: { address: 'ops@example.com', server: 'mail.example.com', port: 25, language: 'en-US' } });
    expect(changesOf('pool', before, { ...before, email: { ...before.email, on: false } })).toEqual({ email: null });
    expect(formProblems('pool', { ...before, email: { ...before.email, port: 'x' } })).toEqual([{ page: 'email', field: 'email.port', message: 'The port must be a whole number from 1 to 65535.' }]);
  });

  it('the contract takes them on a pool only, checked', () => {
    const apply = (cls: string, email: unknown) => () => OBJECT_PROPERTIES_VALIDATORS['objectProperties.apply']({ connectionId: 'c', cls, ref: 'OpaqueRef:p', changes: { email } });
    expect(apply('pool', on)().changes.email).toEqual(on);
    expect(apply('pool', null)().changes.email).toBeNull();
    expect(apply('host', on)).toThrow(/no property "email"/);
    expect(apply('pool', { ...on, address: 'x' })).toThrow(/email address/);
    expect(apply('pool', { ...on, extra: 1 })).toThrow(/unexpected field "extra"/);
  });
});
