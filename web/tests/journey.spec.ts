// The test path in a real browser (Debian's chromium) against the running stack:
// a citizen logs in through the realm's login page, applies with an uploaded document, a clerk
// logs in, claims and approves, the citizen sees the decision and the certificate in the wallet
// and verifies it on the public page, then confirms an offer the certificate brought. Once in
// Chinese at phone width, once in English on a desktop.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { en, zh, type Texts } from "./messages";
import { screen, SCREENSHOTS } from "./screens";
import { citizen, clerk, loginThroughRealm, samplePdf, type Person } from "./support";

const RUNS: { language: "zh-CN" | "en"; texts: Texts; viewport: { width: number; height: number } }[] = [
  { language: "zh-CN", texts: zh, viewport: { width: 360, height: 780 } },
  { language: "en", texts: en, viewport: { width: 1280, height: 900 } },
];

async function openPortal(
  browser: Browser, run: (typeof RUNS)[number], who: Person, loginText: string, shot: string,
): Promise<Page> {
  const context = await browser.newContext({ viewport: run.viewport, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto("./");
  if (run.language !== "zh-CN") await page.getByLabel(zh["app.language"]).selectOption(run.language);
  await expect(page.locator("html")).toHaveAttribute("lang", run.language);
  await page.getByRole("button", { name: loginText }).first().click();
  await page.waitForURL(/\/realms\/onewindow\/protocol\/openid-connect\/auth/);
  await expect(page.locator("html")).toHaveAttribute("lang", run.language); // the realm's page too
  await page.screenshot({ path: `${SCREENSHOTS}/${run.language}-00-realm-login-${shot}.png`, fullPage: true });
  await loginThroughRealm(page, who);
  return page;
}

/** Goes to a screen through the page's own links (a reload would drop the in-memory tokens). */
async function visit(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
}

for (const run of RUNS) {
  test(`apply, approve, wallet and verify (${run.language})`, async ({ browser }) => {
    const t = run.texts;
    const tag = run.language;
    const [applicant, staff] = await Promise.all([citizen(), clerk()]);

    // the public start page and the realm's own login page, in the chosen language
    const page = await openPortal(browser, run, applicant, t["app.login"], "citizen");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t["dashboard.title"]);
    await screen(page, `${tag}-01-dashboard`);

    await page.getByRole("link", { name: t["nav.catalogue"] }).click();
    await screen(page, `${tag}-02-catalogue`);
    await page.getByLabel(t["catalogue.search"]).fill(run.language === "en" ? "birth medical" : "出生医学");
    await page.getByRole("link", { name: run.language === "en" ? "Issue a birth medical certificate" : "出生医学证明签发" }).click();

    // the form generated from the JSON Schema: its messages beside the fields
    await page.getByRole("button", { name: t["apply.submit"] }).click();
    await expect(page.locator("#f-child_name-error")).toHaveText(t["form.required"]);
    await expect(page.locator("#f-child_name")).toHaveAttribute("aria-invalid", "true");
    await page.locator("#f-mother_id_number").fill("12345");
    await page.getByRole("button", { name: t["apply.submit"] }).click();
    await expect(page.locator("#f-mother_id_number-error")).toHaveText(t["form.pattern"]);
    await screen(page, `${tag}-03-apply-schema-messages`);

    await page.locator("#f-child_name").fill("王小明");
    await page.locator("#f-child_sex").selectOption("female");
    await page.locator("#f-birth_date").fill("2026-11-20");
    await page.locator("#f-birth_place").fill("第一人民医院");
    await page.locator("#f-mother_id_number").fill(applicant.nationalId);
    // no document yet: the gateway's invalid_params is shown beside the document it names
    await page.getByRole("button", { name: t["apply.submit"] }).click();
    await expect(page.locator("#doc-resident_id-error")).toContainText("resident_id");
    await expect(page.getByRole("alert")).toContainText(run.language === "en" ? "Invalid request" : "");
    await screen(page, `${tag}-04-apply-gateway-invalid-params`);

    await page.locator("#doc-resident_id").setInputFiles({ name: "id-card.pdf", mimeType: "application/pdf", buffer: samplePdf() });
    await expect(page.getByRole("status").filter({ hasText: "id-card.pdf" })).toBeVisible();
    await page.getByRole("button", { name: t["apply.submit"] }).click();

    // the case page: number, status text, due date, timeline
    await expect(page.getByRole("heading", { level: 1 })).toContainText("HEALTH-");
    const caseNumber = ((await page.getByRole("heading", { level: 1 }).textContent()) ?? "").match(/HEALTH-\d{4}-\d+/)![0];
    const caseUrl = page.url();
    await expect(page.locator(".status.big")).toHaveAttribute("data-status", "submitted");
    await screen(page, `${tag}-05-case-submitted`);

    // a clerk of the health department logs in, sees the queue, claims and approves
    const desk = await openPortal(browser, { ...run, viewport: { width: 1280, height: 900 } }, staff, t["home.staffLogin"], "staff");
    await expect(desk.getByRole("heading", { level: 1 })).toContainText(t["queue.title"].replace("{department}", "health"));
    await screen(desk, `${tag}-06-staff-queue`);
    await desk.getByLabel(t["queue.findNumber"]).fill(caseNumber);
    await expect(async () => {
      await desk.getByRole("button", { name: t["queue.find"] }).click();
      await expect(desk.getByRole("link", { name: caseNumber })).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 30_000 }); // as a clerk would click again after a passing outage
    await desk.getByRole("button", { name: t["queue.claimCase"].replace("{number}", caseNumber) }).click();
    await expect(desk.getByText(t["staff.yours"])).toBeVisible();
    await screen(desk, `${tag}-07-staff-case`);
    const statusText = (code: string) => (run.language === "en" ? { accepted: "Documents checked and accepted", in_review: "Being reviewed by the department" } : { accepted: "已受理", in_review: "审核中" })[code]!;
    for (const step of ["accepted", "in_review"]) {
      await desk.getByRole("button", { name: t["staff.moveTo"].replace("{status}", statusText(step)) }).click();
      await expect(desk.locator(".status.big")).toHaveAttribute("data-status", step);
    }
    await desk.getByLabel(t["staff.decisionReason"]).fill(run.language === "en" ? "All documents in order" : "材料齐全");
    await desk.getByRole("button", { name: t["staff.approve"], exact: true }).click();
    await expect(desk.locator(".decision.approved")).toBeVisible();
    await screen(desk, `${tag}-08-staff-decided`);
    await desk.context().close();

    // the citizen sees the decision, then the certificate in the wallet
    await visit(page, "#/dashboard");
    await visit(page, new URL(caseUrl).hash);
    await expect(page.locator(".decision.approved")).toBeVisible();
    await screen(page, `${tag}-09-case-approved`);
    await expect(async () => {
      await visit(page, "#/dashboard");
      await page.getByRole("link", { name: t["nav.wallet"], exact: true }).click();
      await expect(page.locator(".wallet-item", { hasText: caseNumber }).filter({ hasText: t["wallet.certificate"] })).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    const item = page.locator(".wallet-item", { hasText: caseNumber }).filter({ hasText: t["wallet.certificate"] });
    await item.getByRole("button", { name: t["wallet.showQr"] }).click();
    await expect(item.getByRole("img")).toBeVisible();
    await screen(page, `${tag}-10-wallet-qr`);
    const download = page.waitForEvent("download");
    await item.getByRole("button", { name: t["wallet.download"] }).click();
    const certificate = await (await download).path();

    // the public verification page, for anyone (a fresh browser without a login)
    const publicContext = await browser.newContext({ viewport: run.viewport });
    const check = await publicContext.newPage();
    await check.goto("./#/verify");
    if (run.language !== "zh-CN") await check.getByLabel(zh["app.language"]).selectOption(run.language);
    await check.getByLabel(t["verify.file"]).setInputFiles({ name: "certificate.jws", mimeType: "application/octet-stream", buffer: readFileSync(certificate) });
    await check.getByRole("button", { name: t["verify.check"] }).click();
    await expect(check.getByRole("heading", { name: t["verify.valid"] })).toBeVisible();
    await expect(check.locator(".verdict")).toContainText(caseNumber);
    await screen(check, `${tag}-11-verify-valid`);
    await publicContext.close();

    // active government: the issued birth certificate turns into offers on the dashboard
    const offerTitle = run.language === "en" ? "Enrol your newborn in resident medical insurance" : "为新生儿办理城乡居民医保参保";
    await expect(async () => {
      await visit(page, "#/wallet");
      await page.getByRole("link", { name: t["nav.dashboard"], exact: true }).click();
      await expect(page.getByRole("heading", { name: offerTitle })).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await screen(page, `${tag}-12-dashboard-offers`);
    // nothing is missing for the insurance enrolment: one confirmation files the case
    const offer = page.locator(".card", { has: page.getByRole("heading", { name: offerTitle }) });
    await offer.getByRole("button", { name: t["offers.confirm"] }).click();
    await expect(page).toHaveURL(/#\/cases\//);
    await expect(page.locator(".status.big")).toHaveAttribute("data-status", "submitted");
    await screen(page, `${tag}-13-offer-confirmed-case`);
    await page.context().close();
  });
}
