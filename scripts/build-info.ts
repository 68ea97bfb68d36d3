// What a build is, computed when the renderer is built (vite define: __XENCLIENT_BUILD__) and shown in
// Help > About: the version from package.json, the commit (git describe, "-dirty" with local changes),
// the build date (SOURCE_DATE_EPOCH when set, for reproducible builds) and a build id
// (XENCLIENT_BUILD_ID from CI, else version+commit).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface BuildInfo { version: string; commit: string; date: string; id: string }

function git(root: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).toString().trim();
  } catch {
    return ''; // a source tarball without .git: the commit is unknown, the build still works
  }
}

export function buildInfo(root: string, env: NodeJS.ProcessEnv = process.env, now = new Date()): BuildInfo {
  const version = String((JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version?: unknown }).version ?? '0.0.0');
  const commit = env.XENCLIENT_COMMIT || git(root, ['describe', '--always', '--dirty', '--abbrev=12', '--exclude', '*']) || 'unknown';
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  const date = (env.SOURCE_DATE_EPOCH && Number.isFinite(epoch) ? new Date(epoch * 1000) : now).toISOString();
  const id = env.XENCLIENT_BUILD_ID || `${version}+${commit}`;
  return { version, commit, date, id };
}
