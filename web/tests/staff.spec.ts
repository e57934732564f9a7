// Staff screens in the browser: a supervisor extends a deadline with a reason, a clerk takes in
// an application at the office for a citizen (who then sees it), the queue pages with "More",
// and a staff member reads their own notices.
import { expect, test, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { zh as t } from "./messages";
import { screen } from "./screens";
import {
  apiAs, citizen, clerk, fileBirthCase, GATEWAY, portalAs, samplePdf, staffMember, upload, visit, type Filed, type Person,
} from "./support";

// the stack answers slowly when the shared machine is busy: more room than the default 120 s
test.describe.configure({ timeout: 180_000 });

/** A food business licence application (a service type that allows one extension). */
async function fileFoodLicence(person: Person): Promise<Filed> {
  const { http, headers } = await apiAs(person);
  const documentIds = [await upload(http, headers, "business_licence"), await upload(http, headers, "floor_plan")];
  const form = { operator_name: "李娜小吃店", premises_address: "上海市黄浦区中山东一路 1 号", business_category: "restaurant", food_safety_manager: "李娜" };
  const filed = await http.post(`${GATEWAY}/v1/cases`, {
    headers: { ...headers, "Idempotency-Key": randomUUID() },
    data: { service_type: "food-business-licence", form, document_ids: documentIds },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  const body = await filed.json();
  await http.dispose();
  return { id: body.id, number: body.case_number };
}

test("a supervisor extends a deadline with a reason and the due date moves", async ({ browser }) => {
  const [person, boss] = await Promise.all([citizen(), clerk("samr", "hall-central", "supervisor")]);
  const filed = await fileFoodLicence(person);
  const desk = await portalAs(browser, boss, { staff: true });
  await desk.getByLabel(t["queue.findNumber"]).fill(filed.number);
  await expect(async () => {
    await desk.getByRole("button", { name: t["queue.find"] }).click();
    await expect(desk.getByRole("link", { name: filed.number })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await desk.getByRole("link", { name: filed.number }).click();
  const due = desk.locator("p:has(.status.big) .due");
  await expect(due).toBeVisible();
  const before = (await due.textContent()) ?? "";
  const reason = "需现场核查经营场所，延长办理时限";
  await desk.locator("#extend-days").fill("5");
  await desk.locator("#extend-reason").fill(reason);
  await desk.getByRole("button", { name: t["staff.extendSend"], exact: true }).click();
  await expect(desk.locator(".timeline")).toContainText(reason);
  await expect(desk.locator(".timeline")).toContainText(t["action.deadline_extended"]);
  await expect(due).not.toHaveText(before);
  await screen(desk, "zh-CN-70-staff-deadline-extended");
  await desk.context().close();

  // the citizen's case page shows the moved due date too
  const page = await portalAs(browser, person, { viewport: { width: 360, height: 780 } });
  await expect(async () => {
    await visit(page, "#/dashboard");
    await visit(page, `#/cases/${filed.id}`);
    await expect(page.locator(".timeline")).toContainText(reason, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.locator("p:has(.status.big) .due")).not.toHaveText(before);
  await screen(page, "zh-CN-71-citizen-deadline-extended");
  await page.context().close();
});

test("a clerk files an application at the office for a citizen, who then sees it; the queue pages with More", async ({ browser }) => {
  const [person, staff] = await Promise.all([citizen(), clerk()]);
  await fileBirthCase(person, "王一"); // the queue has at least two cases of the department
  const desk = await portalAs(browser, staff, { staff: true });
  await desk.getByRole("link", { name: t["nav.intake"] }).click();
  // the clerk finds the citizen by national id (POST /v1/persons/search), with a purpose
  await desk.locator("#intake-id").fill(person.nationalId);
  await desk.locator("#intake-purpose").fill("窗口受理：出生医学证明");
  await desk.getByRole("button", { name: t["intake.search"] }).click();
  await expect(desk.getByRole("status").filter({ hasText: "李娜" })).toBeVisible();
  await desk.getByRole("button", { name: t["intake.verify"] }).click();
  await expect(desk.getByText(t["intake.verified"])).toBeVisible();
  await desk.getByLabel(t["queue.service"]).selectOption("birth-medical-certificate");
  await desk.locator("#intake-child_name").fill("王小冬");
  await desk.locator("#intake-child_sex").selectOption("male");
  await desk.locator("#intake-birth_date").fill("2026-11-25");
  await desk.locator("#intake-birth_place").fill("第一人民医院");
  await desk.locator("#intake-mother_id_number").fill(person.nationalId);
  await desk.locator("#doc-resident_id").setInputFiles({ name: "id-card.pdf", mimeType: "application/pdf", buffer: samplePdf("counter") });
  await expect(desk.getByRole("status").filter({ hasText: "id-card.pdf" })).toBeVisible();
  await screen(desk, "zh-CN-72-intake-filled");
  await desk.getByRole("button", { name: t["intake.file"] }).click();
  await expect(desk).toHaveURL(/#\/staff\/cases\//);
  await expect(desk.getByRole("heading", { level: 1 })).toContainText("HEALTH-");
  const number = ((await desk.getByRole("heading", { level: 1 }).textContent()) ?? "").match(/HEALTH-\d{4}-\d+/)![0];
  await screen(desk, "zh-CN-73-intake-filed");

  // the department's queue, one case per page: "More" follows the gateway's next cursor
  await visit(desk, "#/staff/queue?limit=1");
  await expect(desk.locator("table.queue tbody tr")).toHaveCount(1);
  // the table scrolls in a named region that a keyboard reaches, and is named itself
  await expect(desk.getByRole("region", { name: t["queue.caption"] })).toHaveAttribute("tabindex", "0");
  await expect(desk.getByRole("table", { name: t["queue.caption"] })).toBeVisible();
  await desk.getByRole("button", { name: t["paging.more"] }).click();
  await expect(desk.locator("table.queue tbody tr")).toHaveCount(2);
  await screen(desk, "zh-CN-74-queue-more");
  await desk.context().close();

  const page = await portalAs(browser, person, { viewport: { width: 360, height: 780 } });
  await expect(async () => {
    await visit(page, "#/wallet");
    await page.getByRole("link", { name: t["nav.dashboard"], exact: true }).click();
    await expect(page.getByRole("link", { name: number })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByRole("link", { name: number }).click();
  await expect(page.locator(".status.big")).toHaveAttribute("data-status", "submitted");
  await screen(page, "zh-CN-75-citizen-sees-intake-case");

  // "who looked at my data", one read per page: "More" follows the cursor to the clerk's search
  await expect(async () => {
    await visit(page, "#/wallet");
    await visit(page, "#/account/access-log?limit=1");
    await expect(page.locator("table tbody tr")).toHaveCount(1, { timeout: 2_000 });
    await page.getByRole("button", { name: t["paging.more"] }).click();
    await expect(page.locator("table tbody tr")).toHaveCount(2, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await screen(page, "zh-CN-76-access-log-more");
  await visit(page, "#/account/access-log?limit=100"); // the clerk's purpose is shown to the citizen
  await expect(page.locator("table tbody")).toContainText("窗口受理：出生医学证明");
  // (the screen's own section bears the same name: the table's region is the focusable one)
  await expect(page.getByRole("region", { name: t["account.accessLog"] }).and(page.locator('[tabindex="0"]'))).toBeVisible();
  await expect(page.getByRole("table", { name: t["account.accessLog"] })).toBeVisible();
  await page.context().close();
});

/** Whether the staff inbox shows the notice of case ``number`` within ``ms`` (looked at again and again). */
async function noticeShown(desk: Page, number: string, ms = 25_000): Promise<boolean> {
  try {
    await expect(async () => {
      await visit(desk, "#/staff/queue");
      await desk.getByRole("link", { name: t["nav.staffInbox"] }).click();
      await expect(desk.locator(".notice-item", { hasText: number })).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: ms });
    return true;
  } catch {
    return false;
  }
}

test("a staff member reads their own notices: a new case of their department", async ({ browser }) => {
  const [member, person] = await Promise.all([staffMember(), citizen()]);
  // the first login asks for a new password (a department admin gave a temporary one)
  const desk = await portalAs(browser, member, { staff: true, initial: member.initial });
  // the department's new-case notice goes to the staff the notifications service knows when it
  // handles the case's event; a member created seconds before may not be known yet (identity's
  // staff event travels on another topic), so a later case of the department is the one to see
  let filed = await fileBirthCase(person);
  for (let attempt = 1; attempt <= 2 && !(await noticeShown(desk, filed.number)); attempt++) {
    filed = await fileBirthCase(person, `王小${attempt}`);
  }
  expect(await noticeShown(desk, filed.number), `the notice of ${filed.number} in the staff inbox`).toBe(true);
  const notice = desk.locator(".notice-item", { hasText: filed.number });
  await expect(desk.getByRole("heading", { level: 1 })).toHaveText(t["inbox.staffTitle"]);
  await screen(desk, "zh-CN-76-staff-inbox");
  await notice.getByRole("button", { name: t["inbox.markRead"] }).click();
  await expect(notice.locator(".badge")).toHaveCount(0);
  await notice.getByRole("link", { name: filed.number }).click();
  await expect(desk).toHaveURL(new RegExp(`#/staff/cases/${filed.id}`));
  await expect(desk.getByRole("heading", { level: 1 })).toContainText(filed.number);
  await desk.context().close();
});
