import { defineConfig } from "@playwright/test";

// One port per run, fixed in the main process before workers start (they inherit it), so the
// config, the global setup and every worker agree on where the stack listens.
// 20000–31999: below Linux's ephemeral range (32768+), where outgoing connections take ports.
const port = Number((process.env.E2E_PORT ??= String(20_000 + (process.pid % 12_000))));
export const baseURL = `http://127.0.0.1:${port}`;

// Specs that count rows in the whole database, or hold a time bound, run alone after the others.
const WHOLE_DATABASE = /api\/(fuzz-api-routes|edge-hardening|revoke-under-load)\.spec\.ts/;

export default defineConfig({
  testDir: ".",
  globalSetup: "./setup/global-setup.ts",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [["list"]],
  outputDir: "../test-results",
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      // The machine's network is closed: keep Chromium from trying to reach Google (docs/ARCHITECTURE.md).
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "api", testMatch: /api\/.*\.spec\.ts/, testIgnore: WHOLE_DATABASE },
    { name: "ui", testMatch: /ui\/.*\.spec\.ts/ },
    // These check that refusals write nothing by counting rows in the whole database: they run once
    // every other spec is done (one worker), so no other test's writes land in their counts.
    { name: "whole-database", testMatch: WHOLE_DATABASE, dependencies: ["api", "ui"], workers: 1 },
  ],
});
