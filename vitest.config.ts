import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

// Unit and integration tests run in forked processes: better-sqlite3 is a native addon and
// TensorFlow.js keeps global backend state, neither of which likes sharing a worker thread.
// The Vue plugin compiles single-file components for the dashboard's component tests, which pick
// their DOM with a `// @vitest-environment happy-dom` line (everything else runs in plain Node).
export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', 'renderer/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
