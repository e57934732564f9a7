// A citizen's own applications in the browser: withdrawing one, "More" on my applications and
// the wallet, and rating a closed case — a bad rating becomes the supervisor's follow-up task.
import { expect, test } from "@playwright/test";
import { zh as t } from "./messages";
import { screen } from "./screens";
import { citizen, clerk, fileBirthCase, portalAs, staffSteps, SUPERVISOR, visit } from "./support";

// the stack answers slowly when the shared machine is busy: more room than the default 120 s
test.describe.configure({ timeout: 180_000 });

const PHONE = { width: 360, height: 780 };

test("withdraw an application; my applications and the wallet page with More", async ({ browser }) => {
  const person = await citizen();
  const first = await fileBirthCase(person, "王一");
  await fileBirthCase(person, "王二");
  const page = await portalAs(browser, person, { viewport: PHONE });

  await visit(page, "#/account/cases?limit=1");
  await expect(page.locator("ul.cases > li")).toHaveCount(1);
  await page.getByRole("button", { name: t["paging.more"] }).click();
  await expect(page.locator("ul.cases > li")).toHaveCount(2);
  await screen(page, "zh-CN-60-my-cases-more");

  await visit(page, "#/wallet?limit=1");
  await expect(page.locator(".wallet-item")).toHaveCount(1);
  await page.getByRole("button", { name: t["paging.more"] }).click();
  await expect(page.locator(".wallet-item")).toHaveCount(2);
  await screen(page, "zh-CN-61-wallet-more");

  await visit(page, "#/account/cases");
  await page.getByRole("link", { name: first.number }).click();
  await expect(page.locator(".status.big")).toHaveAttribute("data-status", "submitted");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: t["case.withdraw"] }).click();
  await expect(page.locator(".status.big")).toHaveAttribute("data-status", "withdrawn");
  await expect(page.getByRole("button", { name: t["case.withdraw"] })).toHaveCount(0);
  await expect(page.locator(".timeline")).toContainText(t["action.withdrawn"]);
  await screen(page, "zh-CN-62-case-withdrawn");
  await page.context().close();
});

test("a citizen rates a closed case; the bad rating is the supervisor's follow-up task", async ({ browser }) => {
  const [person, staff] = await Promise.all([citizen(), clerk()]);
  const filed = await fileBirthCase(person);
  await staffSteps(staff, filed.id, [
    { path: "claim" },
    { path: "transitions", data: { to_status: "accepted", reason: "" } },
    { path: "transitions", data: { to_status: "in_review", reason: "" } },
    { path: "decision", data: { outcome: "approved", reason: "材料齐全" } },
    { path: "closure", data: { reason: "证书已签发" } },
  ]);

  const page = await portalAs(browser, person, { viewport: PHONE });
  await expect(async () => {
    await visit(page, "#/dashboard");
    await visit(page, `#/cases/${filed.id}`);
    await expect(page.locator(".status.big")).toHaveAttribute("data-status", "closed", { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  const comment = "等了很久，电话也没人接";
  await page.getByLabel(t["case.score"]).selectOption("1");
  await page.getByLabel(t["case.comment"]).fill(comment);
  await screen(page, "zh-CN-63-rating");
  await page.getByRole("button", { name: t["case.sendRating"] }).click();
  await expect(page.getByText(t["case.thanks"])).toBeVisible();
  await page.context().close();

  const desk = await portalAs(browser, SUPERVISOR, { staff: true });
  const task = desk.locator("li.card", { hasText: filed.number });
  await expect(async () => {
    await visit(desk, "#/staff/queue");
    await desk.getByRole("link", { name: t["nav.followUp"] }).click();
    await expect(task).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(task).toContainText(comment);
  await screen(desk, "zh-CN-64-follow-up-from-rating");
  await task.getByLabel(t["followUp.resolution"]).fill("已回电致歉并说明办理时限");
  await task.getByRole("button", { name: t["followUp.complete"] }).click();
  await expect(task).toHaveCount(0);
  await desk.context().close();
});
