// The demo pool, loaded on first use: electron/demo-pool.ts pulls in the whole simulator (RFB
// server, fault injection, RRD, selfsigned), which the app needs only when the user opens the demo
// or passes --demo. Bundled, the dynamic import below is its own entry (dist/electron/demo-pool.cjs,
// scripts/build-main.mjs), so the main bundle holds no simulator code.
type DemoPoolModule = typeof import('./demo-pool');
let loading: Promise<DemoPoolModule> | undefined;

function load(): Promise<DemoPoolModule> {
  loading ??= import('./demo-pool').catch((err: unknown) => {
    loading = undefined; // a later attempt may succeed (e.g. the file was being rebuilt)
    throw new Error(`The demo pool could not be loaded: ${(err as Error).message}`);
  });
  return loading;
}

export async function startDemoPool(): ReturnType<DemoPoolModule['startDemoPool']> {
  return (await load()).startDemoPool();
}

/** Stops the demo pool if it was ever started; never loads the simulator just to stop nothing. */
export async function stopDemoPool(): Promise<void> {
  const mod = await loading?.catch(() => undefined);
  await mod?.stopDemoPool();
}
