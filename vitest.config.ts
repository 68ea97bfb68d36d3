import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A stray .only would silently skip the rest of the suite: CI refuses it.
    allowOnly: !process.env.CI,
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], environment: 'node' } },
      {
        test: {
          name: 'integration', include: ['test/integration/**/*.test.ts'], environment: 'node',
          testTimeout: 30_000, hookTimeout: 30_000, fileParallelism: false,
        },
      },
    ],
  },
});
