// Trust decisions: fingerprint format, pin keys, and what a probe + pin mean.
import { createHash, X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';
import { describe, expect, it } from 'vitest';
import {
  certificateInfo, decideTrust, derToPem, fingerprintSha256, hostPortKey, hostPortOfUrl, sameFingerprint, secureConnectOptions,
} from '../../electron/core/trust/trust';

describe('trust', () => {
  it('formats SHA-256 fingerprints as upper-case hex pairs', () => {
    const der = Buffer.from('hello');
    const hex = createHash('sha256').update(der).digest('hex').toUpperCase();
    const fp = fingerprintSha256(der);
    expect(fp).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(fp.replace(/:/g, '')).toBe(hex);
    expect(sameFingerprint(fp, hex.toLowerCase())).toBe(true);
    expect(sameFingerprint(fp, fingerprintSha256(Buffer.from('other')))).toBe(false);
    expect(sameFingerprint('', '')).toBe(false);
  });

  it('keys pins by host:port with the default port spelled out', () => {
    expect(hostPortOfUrl('https://Host.Example').key).toBe('host.example:443');
    expect(hostPortOfUrl('https://10.0.0.1:8443').key).toBe('10.0.0.1:8443');
    expect(hostPortOfUrl('https://[::1]:443').key).toBe('[::1]:443');
    expect(hostPortKey('[fe80::1]', 443)).toBe('[fe80::1]:443');
  });

  it('decides: CA-trusted, new, changed, invalid', () => {
    const pin = { fingerprintSha256: 'AA:BB', pem: '' };
    expect(decideTrust({ authorized: true, fingerprintSha256: 'CC' }, pin)).toBe('trusted');
    expect(decideTrust({ authorized: false, fingerprintSha256: 'CC' }, undefined)).toBe('new');
    expect(decideTrust({ authorized: false, fingerprintSha256: 'CC' }, pin)).toBe('changed');
    expect(decideTrust({ authorized: false, fingerprintSha256: 'aabb' }, pin)).toBe('invalid');
  });

  it('describes a certificate and turns DER into PEM', async () => {
    const pems = await generate([{ name: 'commonName', value: 'xs-host-1' }], { keyType: 'ec', algorithm: 'sha256' });
    const der = new X509Certificate(pems.cert).raw;
    const info = certificateInfo('10.0.0.1:443', der);
    expect(info).toMatchObject({ host: '10.0.0.1:443', subject: 'CN=xs-host-1', issuer: 'CN=xs-host-1', fingerprintSha256: fingerprintSha256(der) });
    expect(new Date(info.validTo).getTime()).toBeGreaterThan(Date.now());
    expect(new X509Certificate(derToPem(der)).raw.equals(der)).toBe(true);
  });

  it('always verifies; a pinned host gets its certificate as an extra anchor and a fingerprint check', async () => {
    const pems = await generate([{ name: 'commonName', value: 'xs-host-1' }], { keyType: 'ec', algorithm: 'sha256' });
    const der = new X509Certificate(pems.cert).raw;
    const plain = secureConnectOptions('10.0.0.1', 443, {});
    expect(plain).toEqual({ rejectUnauthorized: true });
    const pinned = secureConnectOptions('10.0.0.1', 443, { pins: (k) => (k === '10.0.0.1:443' ? { fingerprintSha256: fingerprintSha256(der), pem: pems.cert } : undefined) });
    expect(pinned.rejectUnauthorized).toBe(true);
    expect(Array.isArray(pinned.ca) && pinned.ca.includes(pems.cert)).toBe(true);
    // The pinned leaf passes whatever its names; another certificate gets Node's host name check.
    expect(pinned.checkServerIdentity!('10.0.0.1', { raw: der } as never)).toBeUndefined();
    const other = await generate([{ name: 'commonName', value: 'evil' }], { keyType: 'ec', algorithm: 'sha256' });
    const otherCert = new X509Certificate(other.cert);
    const err = pinned.checkServerIdentity!('10.0.0.1', { raw: otherCert.raw, subject: { CN: 'evil' }, subjectaltname: '' } as never);
    expect(err).toBeInstanceOf(Error);
    // Another host:port is not affected by this pin.
    expect(secureConnectOptions('10.0.0.2', 443, { pins: () => undefined })).toEqual({ rejectUnauthorized: true });
    expect(secureConnectOptions('xs1.lab', 443, {}).servername).toBe('xs1.lab');
  });
});
