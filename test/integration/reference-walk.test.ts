// The table-driven walk over ../shared/xapi/function-reference.md: every family in
// reference/cases/*.ts (default export, a RefFamily) runs its cases in order against its own
// simulator through the product's typed client, each case asserting the function's effect. Then
// the coverage: every reference function the data model has must appear as a case in some family;
// the ones that do not yet are listed as skipped tests (visible, never counted as passing). The
// reference names the data model lacks (VM.export, host.get_memory_total, …) are checked to answer
// exactly MESSAGE_METHOD_UNKNOWN by simulator-surface.test.ts, not here.
// The refusals (reference/refusals/*.ts, default export a RefRefusalFamily): every state-changing
// reference function (anything but get_*/get_all*/get_record*/get_by_* reads) gets a call in a state
// where SEMANTICS.md says it must fail, asserting the exact [code, ...params] that SEMANTICS.md gives
// (each case cites its section). Functions with no refusal case yet are listed as skipped tests.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageInfo } from '../../shared/xapi/model';
import { startSimulator, type Simulator } from '../../simulator/index';
import { login as productLogin, SessionClient } from '../../electron/core/xapi/session';
import { TypedXapi } from '../../electron/core/xapi/typed-client';
import { hasSharedDir, sharedSkipReason, sharedXapiDir } from '../support/shared-dir';
import { login as rawLogin, RpcError } from '../support/xapi-rpc';
import type { RefFamily, RefRefusalFamily, RefusalCtx } from './reference/types';
import { XapiError } from '../../electron/core/xapi/errors';
import type { SimulatorOptions } from '../../simulator/index';

const here = dirname(fileURLToPath(import.meta.url));
const casesDir = resolve(here, 'reference/cases');
const refusalsDir = resolve(here, 'reference/refusals');

/** Every `Class.method` of the reference's tables, in order, once. */
function referenceNames(): string[] {
  if (!hasSharedDir) return [];
  const text = readFileSync(resolve(sharedXapiDir, 'function-reference.md'), 'utf8');
  return [...new Set([...text.matchAll(/^\|\s*`([A-Za-z_]+\.[A-Za-z_0-9]+)`\s*\|/gm)].map((m) => m[1]))];
}

interface Loaded<F> { file: string; family?: F; error?: unknown }
async function loadFamilies<F>(dir: string, valid: (f: F | undefined) => boolean, what: string): Promise<Loaded<F>[]> {
  const out: Loaded<F>[] = [];
  for (const file of readdirSync(dir).filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts')).sort()) {
    try {
      const mod = (await import(pathToFileURL(resolve(dir, file)).href)) as { default?: F };
      if (!valid(mod.default)) throw new Error(`${file} has no default-exported ${what}`);
      out.push({ file, family: mod.default });
    } catch (error) {
      out.push({ file, error });
    }
  }
  return out;
}
const loaded = await loadFamilies<RefFamily>(casesDir, (f) => Array.isArray(f?.cases), 'RefFamily');
const loadedRefusals = await loadFamilies<RefRefusalFamily>(refusalsDir, (f) => Array.isArray(f?.refusals), 'RefRefusalFamily');

/** A family's own simulator, the product's typed client as root, a raw session; for refusals also a
 * read-only user's typed client (an extra user only there: effect cases count users and subjects). */
function familyContext(opts: SimulatorOptions | undefined, withViewer = false): { get: () => RefusalCtx } {
  let ctx: RefusalCtx;
  const clients: SessionClient[] = [];
  let sim: Simulator;
  beforeAll(async () => {
    const users = [...(opts?.users ?? []), ...(withViewer ? [{ user: 'viewer', password: 'look', role: 'read-only' as const }] : [])];
    sim = await startSimulator({ port: 0, taskDurationMs: 0, ...opts, ...(users.length ? { users } : {}) });
    const client = async (user: string, password: string) => {
      const r = await productLogin(sim.url, user, password);
      const s = new SessionClient(r.client, r.sessionRef);
      clients.push(s);
      return TypedXapi.fromSession(s, { pollIntervalMs: 20 });
    };
    const xapi = await client(opts?.user ?? 'root', opts?.password ?? 'xenroot');
    const viewer = withViewer ? await client('viewer', 'look') : xapi;
    const session = await rawLogin(sim.url, opts?.user ?? 'root', opts?.password ?? 'xenroot');
    ctx = { sim, xapi, viewer, url: sim.url, session };
  });
  afterAll(async () => {
    for (const c of clients) { await c.logout().catch(() => undefined); c.close(); }
    await sim?.close();
  });
  return { get: () => ctx };
}

const names = referenceNames();
const modelNames = names.filter((n) => messageInfo(n));
const notInModel = names.filter((n) => !messageInfo(n));
const withCase = new Set(loaded.flatMap((l) => l.family?.cases.map((c) => c.fn) ?? []));
const covered = modelNames.filter((n) => withCase.has(n));
const uncovered = modelNames.filter((n) => !withCase.has(n));
console.log(`reference walk: ${names.length} functions, ${covered.length} with effect cases, ${uncovered.length + notInModel.length} without (${uncovered.length} in the data model, ${notInModel.length} not: simulator-surface.test.ts)`);
/** Reads are the only functions that never refuse for the state they are called in. */
const isRead = (fn: string) => /^get(_|$)/.test(fn.split('.')[1]);
const stateChanging = modelNames.filter((n) => !isRead(n));
const withRefusal = new Set(loadedRefusals.flatMap((l) => l.family?.refusals.map((c) => c.fn) ?? []));
/** Functions that change nothing a read-only caller could be refused for, and that SEMANTICS.md
 * gives no refusal for in a healthy pool: listed as skipped with the reason, not as missing. */
const NO_REFUSAL: Record<string, string> = {
  'VM.compute_memory_overhead': 'a computation on the record (read-only role)',
  'VM.maximise_memory': 'a computation on the record (read-only role)',
  'event.register': 'legacy event registration (read-only role), never refused',
  'event.unregister': 'legacy event registration (read-only role), never refused',
  'session.slave_local_login_with_password': 'the emergency login on a member: no refusal given',
};
const noRefusal = stateChanging.filter((n) => !withRefusal.has(n) && !NO_REFUSAL[n]);
console.log(`reference walk: ${stateChanging.length} state-changing functions, ${withRefusal.size} with refusal cases, ${noRefusal.length} without, ${Object.keys(NO_REFUSAL).length} that SEMANTICS.md never refuses`);

for (const l of loaded) {
  if (!l.family) {
    it(`case file ${l.file} loads`, () => { throw l.error; });
    continue;
  }
  const family = l.family;
  describe(`reference family ${family.name}`, () => {
    const fc = familyContext(family.simulator);
    for (const c of family.cases) {
      const test = c.simulatorBug ? it.fails : it;
      test(c.simulatorBug ? `${c.fn} (SIMULATOR BUG: ${c.simulatorBug})` : `${c.fn}`, async () => {
        // A typo in a case's name must not count as coverage.
        if (names.length) expect(names, `${c.fn} is not a function of the reference`).toContain(c.fn);
        await c.run(fc.get());
      });
    }
  });
}

for (const l of loadedRefusals) {
  if (!l.family) {
    it(`refusal file ${l.file} loads`, () => { throw l.error; });
    continue;
  }
  const family = l.family;
  describe(`reference refusals ${family.name}`, () => {
    const fc = familyContext(family.simulator, true);
    for (const c of family.refusals) {
      const test = c.simulatorBug ? it.fails : it;
      test(`${c.fn} refuses${c.what ? ` ${c.what}` : ''} (SEMANTICS.md §${c.section})${c.simulatorBug ? ` (SIMULATOR BUG: ${c.simulatorBug})` : ''}`, async () => {
        if (names.length) expect(names, `${c.fn} is not a function of the reference`).toContain(c.fn);
        expect(isRead(c.fn), `${c.fn} is a read`).toBe(false);
        const ctx = fc.get();
        const r = await c.arrange(ctx);
        const client = r.as === 'viewer' ? ctx.viewer : ctx.xapi;
        const call = r.call ?? (() => (client.call as unknown as (m: string, ...a: unknown[]) => Promise<unknown>)(c.fn, ...(r.args ?? [])));
        const e = await call().then(() => new Error(`${c.fn} succeeded`), (error: unknown) => error);
        // the product's XapiError, or the raw caller's RpcError for calls made beside the product
        expect(e instanceof XapiError || e instanceof RpcError, String(e)).toBe(true);
        const x = e as XapiError | RpcError;
        expect([x.code, ...x.params]).toEqual(r.error);
        await r.check?.();
      });
    }
  });
}

describe('reference coverage', () => {
  it.skipIf(!hasSharedDir)('the reference parses to its ~307 functions', () => {
    if (!hasSharedDir) { console.warn(sharedSkipReason); return; }
    expect(names.length).toBeGreaterThan(250);
  });
  for (const fn of uncovered) it.skip(`${fn}: no effect-checking case yet`, () => undefined);
  for (const fn of noRefusal) it.skip(`${fn}: no refusal case yet`, () => undefined);
  for (const fn of stateChanging.filter((n) => NO_REFUSAL[n] && !withRefusal.has(n))) it.skip(`${fn}: no refusal in SEMANTICS.md (${NO_REFUSAL[fn]})`, () => undefined);
  it('names the data model lacks are left to simulator-surface.test.ts (MESSAGE_METHOD_UNKNOWN exactly)', () => {
    for (const fn of notInModel) expect(messageInfo(fn), fn).toBeUndefined();
  });
});
