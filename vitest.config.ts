import { defineConfig } from 'vitest/config';

// Tests live beside the code they prove (a connector's tests in its folder) and under test/.
export default defineConfig({
  test: {
    include: ['{lib,topics,schemas,transformers,connectors,runtime,sandbox,test}/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'data/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: integration suites start servers; keep parallelism modest.
    maxWorkers: 2,
    fileParallelism: true,
    reporters: ['default'],
  },
});
