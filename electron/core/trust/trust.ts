// Certificate trust with pinning, used by every HTTPS path (XAPI transport, console tunnel, and
// later metrics and import/export): secureConnectOptions() is the one place that decides how a
// TLS connection to host:port is verified.
//
// The mechanism: verification always stays on (rejectUnauthorized: true, on every socket and
// agent). For a host:port the user pinned, the pinned certificate is added as a trust anchor next
// to the system CAs (`ca: [...roots, pinnedPem]`), and checkServerIdentity accepts the leaf whose
// SHA-256 equals the pinned fingerprint whatever names it carries (XenServer certificates name the
// host; users type IP addresses), and otherwise applies Node's normal host name check. Both checks
// run inside the handshake, before 'secureConnect', so no request byte is written to a server that
// fails them. This was chosen over "rejectUnauthorized: false + our own check" because nothing
// then depends on a later callback remembering to refuse: OpenSSL itself rejects every chain that
// neither a system CA nor the pinned certificate vouches for, and a shared agent can never end up
// trusting everything.
import tls, { type PeerCertificate } from 'node:tls';
import net from 'node:net';
import { createHash, X509Certificate } from 'node:crypto';
import type { CertificateInfo } from '../../../shared/ipc/contract';

export interface PinnedCertificate { fingerprintSha256: string; pem: string }
/** The pin of a host:port key (see hostPortKey), if the user accepted a certificate there. */
export type PinLookup = (hostPort: string) => PinnedCertificate | undefined;

export interface TlsTrustOptions {
  /** Extra CA certificates (replace the default roots, as in Node). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Replaces Node's host name check for certificates that are not pinned. */
  checkServerIdentity?: (host: string, cert: PeerCertificate) => Error | undefined;
  pins?: PinLookup;
}

/** SHA-256 of DER bytes as upper-case hex pairs joined by ':' (as browsers and XenCenter show it). */
export function fingerprintSha256(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

/** Fingerprints compare case- and separator-insensitively. */
export function sameFingerprint(a: string, b: string): boolean {
  const n = (s: string): string => s.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return n(a) !== '' && n(a) === n(b);
}

/** "host:port" with the default port spelled out and IPv6 bracketed: the key of a pin. */
export function hostPortKey(host: string, port: number): string {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return `${net.isIPv6(h) ? `[${h}]` : h}:${port}`;
}

export function hostPortOfUrl(url: string): { host: string; port: number; key: string } {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  return { host, port, key: hostPortKey(host, port) };
}

export function derToPem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function isoDate(s: string): string {
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : d.toISOString();
}

export function certificateInfo(hostPort: string, der: Buffer): CertificateInfo {
  const x = new X509Certificate(der);
  const dn = (s: string): string => s.split('\n').filter(Boolean).join(', ');
  return {
    host: hostPort, fingerprintSha256: fingerprintSha256(der), subject: dn(x.subject), issuer: dn(x.issuer),
    validFrom: isoDate(x.validFrom), validTo: isoDate(x.validTo),
  };
}

/**
 * The verification options of a TLS connection to host:port (spread them into tls.connect or an
 * https.Agent private to that host). rejectUnauthorized is always true.
 */
export function secureConnectOptions(host: string, port: number, opts: TlsTrustOptions = {}): {
  rejectUnauthorized: true; ca?: string | Buffer | Array<string | Buffer>; checkServerIdentity?: (host: string, cert: PeerCertificate) => Error | undefined; servername?: string;
} {
  const pin = opts.pins?.(hostPortKey(host, port));
  // SNI takes host names only; keys passed as undefined would replace Node's defaults.
  const sni = net.isIP(host.replace(/^\[(.*)\]$/, '$1')) ? {} : { servername: host };
  const base = opts.checkServerIdentity ?? tls.checkServerIdentity;
  if (!pin) {
    return {
      rejectUnauthorized: true, ...sni,
      ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
      ...(opts.checkServerIdentity ? { checkServerIdentity: opts.checkServerIdentity } : {}),
    };
  }
  const roots = opts.ca === undefined ? [...tls.rootCertificates] : Array.isArray(opts.ca) ? opts.ca : [opts.ca];
  return {
    rejectUnauthorized: true, ...sni,
    ca: [...roots, pin.pem],
    checkServerIdentity: (h, cert) => (cert?.raw && sameFingerprint(fingerprintSha256(cert.raw), pin.fingerprintSha256) ? undefined : base(h, cert)),
  };
}

export type TrustDecision =
  /** Verified by a system CA (or the pin): go ahead. */
  | 'trusted'
  /** Not vouched for and never pinned: ask the user (first contact). */
  | 'new'
  /** Pinned, and the host now presents another certificate: refuse and warn. */
  | 'changed'
  /** Pinned and the same certificate, yet verification failed (e.g. expired): report the TLS error. */
  | 'invalid';

export function decideTrust(probe: { authorized: boolean; fingerprintSha256: string }, pin: PinnedCertificate | undefined): TrustDecision {
  if (probe.authorized) return 'trusted';
  if (!pin) return 'new';
  return sameFingerprint(pin.fingerprintSha256, probe.fingerprintSha256) ? 'invalid' : 'changed';
}

export interface ProbeResult {
  /** Whether the normal verification (system CAs, pin, host name) accepted it. */
  authorized: boolean;
  authorizationError?: string;
  certificate: CertificateInfo;
  pem: string;
}

/**
 * Reads the certificate a server presents with a TLS handshake and nothing else: no byte is ever
 * written on this socket, it is destroyed as soon as the handshake completes. This is the one
 * socket that does not reject an unverified peer, because its whole purpose is to show the user
 * that peer's certificate; `authorized` says what the real verification (the same options every
 * HTTPS path uses) thinks of it.
 */
export function probeCertificate(host: string, port: number, opts: TlsTrustOptions = {}, timeoutMs = 15_000): Promise<ProbeResult> {
  const verify = secureConnectOptions(host, port, opts);
  const key = hostPortKey(host, port);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ ...verify, host, port, rejectUnauthorized: false });
    const timer = setTimeout(() => { socket.destroy(); reject(Object.assign(new Error(`${key} did not complete a TLS handshake within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })); }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const cert = socket.getPeerCertificate();
      const authorized = socket.authorized;
      const authorizationError = socket.authorizationError ? String(socket.authorizationError) : undefined;
      socket.destroy();
      if (!cert?.raw) { reject(new Error(`${key} presented no certificate`)); return; }
      resolve({ authorized, ...(authorizationError ? { authorizationError } : {}), certificate: certificateInfo(key, cert.raw), pem: derToPem(cert.raw) });
    });
    socket.once('error', (e) => { clearTimeout(timer); socket.destroy(); reject(e); });
  });
}
