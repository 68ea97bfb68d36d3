import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A stray .only would silently skip the rest of the suite: CI refuses it.
    allowOnly: !process.env.CI,
    projects: [
      // Some unit tests derive keys with scrypt or parse the whole tree: seconds on a busy 2-core machine.
      { test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], environment: 'node', testTimeout: 20_000 } },
      {
        test: {
          name: 'integration', include: ['test/integration/**/*.test.ts'], environment: 'node',
          testTimeout: 30_000, hookTimeout: 30_000, fileParallelism: false,
        },
      },
    ],
  },
});
