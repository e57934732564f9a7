import { defineConfig } from "@playwright/test";
import { execSync } from "node:child_process";

// Debian's chromium package: Playwright's own browser download is not reachable here.
function chromium(): string {
  if (process.env.ONEWINDOW_CHROMIUM) return process.env.ONEWINDOW_CHROMIUM;
  try {
    return execSync("command -v chromium", { shell: "/bin/sh" }).toString().trim() || "/usr/bin/chromium";
  } catch {
    return "/usr/bin/chromium";
  }
}

const gateway = `http://${process.env.ONEWINDOW_GATEWAY_ADDR ?? "127.0.0.1:8000"}`;

export default defineConfig({
  testDir: "tests",
  timeout: 120_000,
  expect: { timeout: 20_000 },
  // two browsers at most (the machine is shared); the tests mostly wait for the stack
  workers: 2,
  fullyParallel: true,
  retries: 0,
  reporter: [["list"]],
  outputDir: "../var/web-test-results",
  use: {
    baseURL: `${gateway}/portal/`,
    launchOptions: { executablePath: chromium(), args: ["--no-sandbox", "--disable-dev-shm-usage"] },
    headless: true,
    trace: "off",
    screenshot: "only-on-failure",
  },
});
