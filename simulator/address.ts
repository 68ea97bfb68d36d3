// Host and port of a pool address as xapi stores it ("https://127.0.0.4:443/", "127.0.0.4"): read by
// the simulated network (pool-network.ts) and by the calls that join, eject or migrate across pools.
/** "http://127.0.0.4:4711/" → 4711; undefined when no port is given. */
export function portPart(address: string): number | undefined {
  let a = address.trim();
  const m = /^[a-z]+:\/\/([^/]+)/i.exec(a);
  if (m) a = m[1];
  const p = /(?:^|[^:]|\]):(\d+)$/.exec(a);
  return p ? Number(p[1]) : undefined;
}

/** "https://127.0.0.4:443/x" → "127.0.0.4"; "127.0.0.4:443" → "127.0.0.4". */
export function hostPart(address: string): string {
  let a = address.trim();
  const m = /^[a-z]+:\/\/([^/]+)/i.exec(a);
  if (m) a = m[1];
  if (a.startsWith('[')) return a.slice(1, a.indexOf(']'));
  a = a.replace(/:\d+$/, '');
  return a === 'localhost' ? '127.0.0.1' : a;
}
