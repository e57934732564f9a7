// A supplement round trip in the browser: a clerk asks for more, the citizen answers with an
// upload on the case page, the timeline shows both. (The case itself is filed through the API.)
import { expect, request, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { zh as t } from "./messages";
import { screen } from "./screens";
import { citizen, clerk, GATEWAY, KEYCLOAK, loginThroughRealm, samplePdf, type Person } from "./support";

async function fileCase(person: Person): Promise<string> {
  const http = await request.newContext();
  const grant = await http.post(`${KEYCLOAK}/realms/onewindow/protocol/openid-connect/token`, {
    form: { grant_type: "password", client_id: "onewindow-web", username: person.username, password: person.password },
  });
  const headers = { Authorization: `Bearer ${(await grant.json()).access_token}` };
  const uploaded = await http.post(`${GATEWAY}/v1/documents`, {
    headers: { ...headers, "Idempotency-Key": randomUUID() },
    multipart: { document_type: "resident_id", title: "id", file: { name: "id.pdf", mimeType: "application/pdf", buffer: samplePdf() } },
  });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const form = { child_name: "王小红", child_sex: "female", birth_date: "2026-11-21", birth_place: "第一人民医院", mother_id_number: person.nationalId };
  const filed = await http.post(`${GATEWAY}/v1/cases`, {
    headers: { ...headers, "Idempotency-Key": randomUUID() },
    data: { service_type: "birth-medical-certificate", form, document_ids: [(await uploaded.json()).document.id] },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  const number = (await filed.json()).case_number as string;
  await http.dispose();
  return number;
}

test("a clerk requests a supplement and the citizen answers it", async ({ browser }) => {
  const [applicant, staff] = await Promise.all([citizen(), clerk()]);
  const caseNumber = await fileCase(applicant);

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
