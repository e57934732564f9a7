// A supplement round trip in the browser: a clerk asks for more, the citizen answers with an
// upload on the case page, the timeline shows both. (The case itself is filed through the API.)
import { expect, test } from "@playwright/test";
import { zh as t } from "./messages";
import { screen } from "./screens";
import { citizen, clerk, fileBirthCase, loginThroughRealm, samplePdf } from "./support";

test("a clerk requests a supplement and the citizen answers it", async ({ browser }) => {
  const [applicant, staff] = await Promise.all([citizen(), clerk()]);
  const caseNumber = (await fileBirthCase(applicant)).number;

  const desk = await (await browser.newContext()).newPage();
  await desk.goto("./");
  await desk.getByRole("button", { name: t["home.staffLogin"] }).click();
  await loginThroughRealm(desk, staff);
  await desk.getByLabel(t["queue.findNumber"]).fill(caseNumber);
  await expect(async () => {
    await desk.getByRole("button", { name: t["queue.find"] }).click();
    await expect(desk.getByRole("link", { name: caseNumber })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await desk.getByRole("button", { name: t["queue.claimCase"].replace("{number}", caseNumber) }).click();
  await desk.getByLabel(t["staff.supplementReason"]).fill("身份证复印件不清晰，请重新上传");
  await desk.getByLabel(t["doctype.resident_id"]).check();
  await desk.getByRole("button", { name: t["staff.sendSupplement"] }).click();
  await expect(desk.locator(".status.big")).toHaveAttribute("data-status", "awaiting_supplement");
  await screen(desk, "zh-CN-40-staff-supplement-requested");
  await desk.context().close();

  const page = await (await browser.newContext({ viewport: { width: 360, height: 780 } })).newPage();
  await page.goto("./");
  await page.getByRole("button", { name: t["app.login"] }).first().click();
  await loginThroughRealm(page, applicant);
  await page.getByRole("link", { name: caseNumber }).click();
  await expect(page.getByRole("heading", { name: t["case.supplementRequested"] })).toBeVisible();
  await expect(page.getByText("身份证复印件不清晰，请重新上传").first()).toBeVisible();
  await page.locator("#doc-resident_id").setInputFiles({ name: "id-card-2.pdf", mimeType: "application/pdf", buffer: samplePdf("rescan") });
  await expect(page.getByRole("status").filter({ hasText: "id-card-2.pdf" })).toBeVisible();
  await screen(page, "zh-CN-41-citizen-supplement-request");
  await page.getByRole("button", { name: t["case.sendSupplement"] }).click();
  await expect(page.getByRole("heading", { name: t["case.supplementRequested"] })).toHaveCount(0);
  await expect(page.locator(".timeline")).toContainText(t["action.supplement_provided"]);
  await expect(page.locator(".status.big")).not.toHaveAttribute("data-status", "awaiting_supplement");
  await screen(page, "zh-CN-42-citizen-supplement-sent");
  await page.context().close();
});
