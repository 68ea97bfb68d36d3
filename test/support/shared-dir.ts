// Locates the team folder (../shared beside the checkout). A clone elsewhere has none: tests
// that need it skip with one line saying so (CI always has it).
import { existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedXapiDir = resolve(repoRoot, '../shared/xapi');
export const hasSharedDir = existsSync(resolve(sharedXapiDir, 'xenapi.json'));
export const sharedSkipReason = `../shared/xapi not found beside the checkout (${sharedXapiDir}); skipping tests that read it`;
export const dbDumps = ['boston-db.xml', 'small_vms.xml', 'tampa-db_inc_snapshots.xml', 'tampa-poolof16and23-xapi-db.xml'].map((f) => resolve(sharedXapiDir, 'db', f));
