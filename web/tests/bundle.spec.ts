// Applying for a life event ("having a baby"): one form and one submission file every part's
// case; the bundle's page shows each part with its status, and the dashboard lists the bundle.
import { expect, test } from "@playwright/test";
import { zh as t } from "./messages";
import { screen } from "./screens";
import { citizen, portalAs, samplePdf, visit } from "./support";

// the stack answers slowly when the shared machine is busy: more room than the default 120 s
test.describe.configure({ timeout: 180_000 });

test("apply for the newborn life event; the bundle page and the dashboard show its cases", async ({ browser }) => {
  const person = await citizen();
  const page = await portalAs(browser, person, { viewport: { width: 360, height: 780 } });
  await page.getByRole("link", { name: t["nav.catalogue"] }).click();
  await page.getByRole("link", { name: "出生一件事" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("出生一件事");
  await expect(page.locator("ol.parts > li")).toHaveCount(4);

  // the merged form of the parts, with the schema's messages
  await page.getByRole("button", { name: t["bundle.submit"] }).click();
  await expect(page.locator("#f-child_name-error")).toHaveText(t["form.required"]);
  await page.locator("#f-child_name").fill("王小春");
  await page.locator("#f-child_sex").selectOption("female");
  await page.locator("#f-birth_date").fill("2026-11-28");
  await page.locator("#f-birth_place").fill("第一人民医院");
  await page.locator("#f-mother_id_number").fill(person.nationalId);
  await page.locator("#f-household_number").fill("310104123456");
  await page.locator("#f-guardian_id_number").fill(person.nationalId);
  await page.locator("#f-holder_name").fill("王小春");
  await page.locator("#f-holder_id_number").fill(person.nationalId);
  await page.locator("#f-delivery_address").fill("上海市黄浦区中山东一路 1 号");
  for (const type of ["resident_id", "household_register"]) {
    await page.locator(`#doc-${type}`).setInputFiles({ name: `${type}.pdf`, mimeType: "application/pdf", buffer: samplePdf(type) });
    await expect(page.getByRole("status").filter({ hasText: `${type}.pdf` })).toBeVisible();
  }
  await screen(page, "zh-CN-65-bundle-apply");
  await page.getByRole("button", { name: t["bundle.submit"] }).click();

  await expect(page).toHaveURL(/#\/bundles\//);
  const bundleUrl = new URL(page.url()).hash;
  await expect(page.getByRole("heading", { level: 1 })).toContainText(t["bundle.heading"]);
  const parts = page.locator("ul.cases > li");
  await expect(parts).toHaveCount(4);
  await expect(parts.first()).toContainText("HEALTH-");
  await expect(parts.first().locator(".status")).toHaveAttribute("data-status", "submitted");
  await screen(page, "zh-CN-66-bundle");

  await expect(async () => {
    await visit(page, "#/wallet");
    await page.getByRole("link", { name: t["nav.dashboard"], exact: true }).click();
    await expect(page.locator("#dash-bundles")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await screen(page, "zh-CN-67-dashboard-bundle");
  await page.locator("section[aria-labelledby=dash-bundles] a").first().click();
  await expect(page).toHaveURL(new RegExp(bundleUrl.replace(/[/#]/g, "\\$&")));
  await expect(page.locator("ul.cases > li")).toHaveCount(4);
  await page.context().close();
});
