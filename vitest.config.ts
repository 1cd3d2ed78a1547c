import { defineConfig } from "vitest/config";

process.env.TZ = "Europe/London";

export default defineConfig({
  test: {
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    env: { TZ: "Europe/London", LOG_LEVEL: "SILENT", POWERTOOLS_DEV: "false" },
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          env: { TZ: "Europe/London", LOG_LEVEL: "SILENT" },
          // Property tests run hundreds of cases; a loaded CI machine must not turn them into time-outs.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/dynamodb-global-setup.ts"],
          env: { TZ: "Europe/London", LOG_LEVEL: "SILENT" },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "infra",
          include: ["tests/infra/**/*.test.ts"],
          env: { TZ: "Europe/London", LOG_LEVEL: "SILENT" },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          env: { TZ: "Europe/London", LOG_LEVEL: "SILENT" },
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
