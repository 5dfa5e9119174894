import { defineConfig } from "vitest/config";

// `npm run bench`: the benchmark runs as one long vitest file so it can reuse the test fixtures
// (real HAProxy, local API servers). It prints tables; it asserts only that each scenario ran.
export default defineConfig({
  test: {
    include: ["bench/**/*.bench.ts"],
    globalSetup: ["bench/global-setup.ts"],
    testTimeout: 1_200_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
