// Turns what a user types into the server's base URL. No scheme means HTTPS (real hosts serve
// HTTPS on 443); an explicit http:// is kept for simulators and labs.
import { XapiError } from './errors';

export function normalizeServerAddress(input: string): string {
  const raw = typeof input === 'string' ? input.trim() : '';
  const bad = (why: string): never => {
    throw new XapiError('INVALID_ADDRESS', [raw], { message: `"${raw}" is not a valid server address: ${why}` });
  };
  if (!raw) bad('enter a host name or IP address, optionally with a port (host:port)');
  if (/\s/.test(raw)) bad('it contains spaces');
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  if (schemeMatch && !/^https?$/i.test(schemeMatch[1])) bad('only http:// and https:// are supported');
  // The URL parser rewrites short numeric hosts ("1.2.3" -> "1.2.0.3"): check the typed host first.
  const typedHost = /^(?:[a-z]+:\/\/)?([^/:?#[\]]*)/i.exec(raw)?.[1] ?? '';
  if (/^[0-9.]+$/.test(typedHost) && !/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(typedHost)) bad('malformed IPv4 address');
  let url: URL;
  try {
    url = new URL(schemeMatch ? raw : `https://${raw}`);
  } catch {
    return bad('expected host, host:port, an IPv4 address or [IPv6]:port');
  }
  if (!url.hostname) bad('the host name is missing');
  if (url.username || url.password) bad('put the user name in the user field, not in the address');
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) bad('a server address has no path or query');
  const host = url.hostname;
  // Host names: letters, digits, dots, hyphens, underscores; IPv6 literals arrive bracketed.
  if (!host.startsWith('[') && !/^[A-Za-z0-9._-]+$/.test(host)) bad('the host name contains invalid characters');
  return `${url.protocol}//${url.host}`;
}

/** Host (and port) shown for a URL until the pool name is known. */
export function hostLabel(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The same scheme and port as `base`, with the host replaced (HOST_IS_SLAVE gives an address only). */
export function replaceHost(base: string, address: string): string {
  const u = new URL(base);
  const a = address.trim();
  u.hostname = a.includes(':') && !a.startsWith('[') ? `[${a}]` : a;
  return `${u.protocol}//${u.host}`;
}
