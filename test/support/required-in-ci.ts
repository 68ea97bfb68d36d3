// One rule for tests that need something outside the checkout (../shared, Xvnc): on a developer's
// machine a missing dependency skips them with one line saying why; in CI (CI set, as .ci/run has
// it) it fails them, because CI always provides it and a skip there would hide a broken setup.
import { spawnSync } from 'node:child_process';

/** CI as .ci/run sets it (CI=true): any non-empty CI, the same test as vitest.config.ts's allowOnly and playwright.config.ts's forbidOnly. */
export const isCi = (env: NodeJS.ProcessEnv = process.env): boolean => !!env.CI;

export interface Requirement {
  /** Whether the dependency is there. */
  present: boolean;
  /** What is missing and how to get it, e.g. "Xvnc not installed (apt-get install tigervnc-standalone-server)". */
  missing: string;
  /** What the caller skips without it, e.g. "the console tunnel to a real VNC server". */
  skipping: string;
}

/**
 * Returns `present`. When it is false: in CI throws (so the test file fails with that one line),
 * elsewhere logs one line and returns false (the caller then skips with `describe.skipIf(!ok)`).
 */
export function requiredInCi(req: Requirement, env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.warn): boolean {
  if (req.present) return true;
  if (isCi(env)) throw new Error(`${req.missing}: required in CI (CI=${env.CI}), so ${req.skipping} fails instead of skipping`);
  log(`${req.missing}: skipping ${req.skipping}`);
  return false;
}

/** Debian's Xvnc (tigervnc-standalone-server) on PATH, or '' when there is none. */
export const findXvnc = (): string => spawnSync('sh', ['-c', 'command -v Xvnc'], { encoding: 'utf8' }).stdout.trim();
export const xvncMissing = 'Xvnc not installed (apt-get install tigervnc-standalone-server)';
