// Playwright settings: Debian's Chromium, one worker, and a console server started per run.
import { defineConfig, devices } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";

// The console and its in-process demo org get ports of their own, so that a run does not
// collide with a developer's server on the default ports 3000 and 3100. E2E_CONSOLE_PORT and
// E2E_DEMO_ORG_PORT move them, so that two runs can share a machine.
const consolePort = portFromEnvironment("E2E_CONSOLE_PORT", "3400");
const demoOrgPort = portFromEnvironment("E2E_DEMO_ORG_PORT", "3410");
const consoleAddress = `127.0.0.1:${consolePort}`;

// With CONSOLE_URL set, the suite drives that server and starts none of its own.
const externalConsoleUrl = process.env.CONSOLE_URL;
const baseURL = externalConsoleUrl ?? `http://${consoleAddress}`;

// Relative paths are resolved against this folder, where the webServer command also runs.
const serverBinary = path.resolve(__dirname, process.env.SERVER_BIN ?? "../target/debug/server");
const siteRoot = path.resolve(__dirname, "../target/site");

// Variables that the server would otherwise inherit from the developer's shell and that would
// point it at another database, master key or Salesforce org than the run's own.
const inheritedServerVariables = [
  "DATABASE_URL",
  "CONSOLE_MASTER_KEY",
  "CONSOLE_MASTER_KEY_FILE",
  "SALESFORCE_LOGIN_URL",
  "SALESFORCE_SANDBOX_LOGIN_URL",
  "SALESFORCE_ORG_URL_TEMPLATE",
];

/** Returns the TCP port in the variable `name`, or `fallback` when it is unset or empty. */
function portFromEnvironment(name: string, fallback: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    return fallback;
  }
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
    throw new Error(`${name}=${value} is not a TCP port: set it to a number from 1 to 65535, or unset it`);
  }
  return value;
}

/**
 * Returns the run's own data folder, a new path under the temporary directory. The server
 * creates the folder on start, and global-teardown.ts removes it after the run, so that listing
 * the tests leaves nothing behind.
 */
function runDataDir(): string {
  // Playwright loads this file again in every worker process, and the workers inherit the
  // runner's environment, so the path chosen by the runner is passed on through it.
  const chosen = process.env.CONSOLE_E2E_DATA_DIR;
  if (chosen !== undefined) {
    return chosen;
  }
  const fresh = path.join(tmpdir(), `console-e2e-${randomUUID()}`);
  process.env.CONSOLE_E2E_DATA_DIR = fresh;
  return fresh;
}

/** Quotes a value for the POSIX shell that Playwright runs the webServer command in. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function consoleWebServer() {
  const dataDir = runDataDir();
  const unsetInherited = inheritedServerVariables.map((name) => `-u ${name}`).join(" ");
  const binary = shellQuote(serverBinary);
  const missingBinary = shellQuote(
    `${serverBinary} not found: build it with cargo leptos build (--release for target/release), or set SERVER_BIN`,
  );
  return {
    command: `if [ ! -x ${binary} ]; then echo ${missingBinary} >&2; exit 1; fi; exec env ${unsetInherited} ${binary}`,
    env: {
      CONSOLE_DATA_DIR: dataDir,
      LEPTOS_SITE_ADDR: consoleAddress,
      LEPTOS_SITE_ROOT: siteRoot,
      CONSOLE_PUBLIC_URL: baseURL,
      CONSOLE_DEMO_ORG: "on",
      CONSOLE_DEMO_ORG_PORT: demoOrgPort,
      RUST_LOG: process.env.RUST_LOG ?? "warn",
    },
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 5_000 },
  };
}

export default defineConfig({
  testDir: "./tests",
  globalTeardown: "./tests/global-teardown.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Bounds a whole run, so that a hung page cannot hold CI until CI's own limit.
  globalTimeout: 15 * 60_000,
  reporter: [["list"], ["json", { outputFile: "test-results/results.json" }]],
  use: {
    baseURL,
    // A missing control fails its step after 15 s instead of using up the whole test's minute.
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        // Debian's Chromium (package chromium), so that the suite needs no browser download.
        launchOptions: {
          executablePath: "/usr/bin/chromium",
          headless: true,
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
    },
  ],
  webServer: externalConsoleUrl === undefined ? consoleWebServer() : undefined,
});
