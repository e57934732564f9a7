// What every screen gets in the browser tests: an axe-core check (WCAG 2.1 A/AA rules) with no
// serious or critical violation, and a full-page screenshot under var/screenshots/.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const SCREENSHOTS = resolve(dirname(fileURLToPath(import.meta.url)), "../../var/screenshots");

/** Axe (WCAG 2.1 A/AA) on the page as it is: no serious or critical violation; and its
 * full-page screenshot as ``<name>.png`` (taken before the verdict, so a failure has one too). */
export async function checkAndSave(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const bad = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  expect(bad, `axe on ${name}`).toEqual([]);
}

/** Checks the portal's screen (once its heading is there and nothing is loading) with axe and
 * saves its screenshot as ``<name>.png``. */
export async function screen(page: Page, name: string): Promise<void> {
  await page.locator("#screen-title").waitFor();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await checkAndSave(page, name);
}
