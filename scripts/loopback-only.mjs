// Loaded with `node --import` into electron-builder by check-builder.mjs (and inherited by the
// Node processes it spawns): refuses every TCP connection to a host outside 127.0.0.0/8 and ::1,
// and says so on stderr, so the configuration check can never reach the network, and fails if
// anything tries. Unix sockets and loopback connections pass.
import net from 'node:net';

export const BLOCKED_MARK = 'loopback-only: refused a connection to';
export const isLoopback = (host) => host === undefined || host === null || host === '' || host === 'localhost'
  || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1' || host === '[::1]' || /^::ffff:127\./i.test(host);

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // Node normalises (options | port, host | path, cb) into an array of [options, cb] internally.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  let host;
  let path;
  if (first !== null && typeof first === 'object') ({ host, path } = first);
  else if (typeof first === 'string' && !/^\d+$/.test(first)) path = first;
  else host = args[1];
  if (path === undefined && !isLoopback(typeof host === 'string' ? host : undefined)) {
    const err = new Error(`${BLOCKED_MARK} ${String(host)} (the builder check allows loopback only)`);
    process.stderr.write(`${err.message}\n`);
    process.nextTick(() => this.destroy(err));
    return this;
  }
  return connect.apply(this, args);
};
