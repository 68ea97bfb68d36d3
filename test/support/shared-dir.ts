// Locates the team folder (../shared beside the checkout). A clone elsewhere has none: tests that
// need it skip with one line saying so, except in CI, which always has it: there importing this
// module fails the test file (required-in-ci.ts).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from './repo-root';
import { requiredInCi } from './required-in-ci';

export { repoRoot };
export const sharedXapiDir = resolve(repoRoot, '../shared/xapi');
export const sharedSkipReason = `../shared/xapi not found beside the checkout (${sharedXapiDir})`;
export const hasSharedDir = requiredInCi({ present: existsSync(resolve(sharedXapiDir, 'xenapi.json')), missing: sharedSkipReason, skipping: 'the tests that read it' });
export const dbDumps = ['boston-db.xml', 'small_vms.xml', 'tampa-db_inc_snapshots.xml', 'tampa-poolof16and23-xapi-db.xml'].map((f) => resolve(sharedXapiDir, 'db', f));
