// CPU time spent by this process in fn, in milliseconds. Performance bounds in unit tests use it
// instead of wall-clock time: the tests run in parallel beside other work on a 2-core machine, and
// waiting for a core is not the code's cost. (Vitest runs each test file in its own forked
// process, so other files' work is not counted.)
export function cpuMs<T>(fn: () => T): { result: T; ms: number } {
  const before = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(before);
  return { result, ms: (used.user + used.system) / 1000 };
}
