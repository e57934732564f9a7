// A citizen's account sections in the browser: mandates (grant, see, revoke), the inbox paged
// with "More", notification preferences and contact details saved and read back, the login
// history and "lock my account" (after which the gateway refuses the tab's tokens).
import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { zh as t } from "./messages";
import { screen } from "./screens";
import { citizen, mailedCode, portalAs, visit } from "./support";

// the stack answers slowly when the shared machine is busy: more room than the default 120 s
test.describe.configure({ timeout: 180_000 });

const PHONE = { width: 360, height: 780 };

test("mandates: grant, see, revoke; the inbox pages with More", async ({ browser }) => {
  const [grantor, representative] = await Promise.all([citizen(), citizen()]);
  const page = await portalAs(browser, grantor, { viewport: PHONE });
  await page.getByRole("link", { name: t["nav.account"], exact: true }).click();
  await page.getByRole("link", { name: t["account.mandates"] }).click();
  await expect(page.locator("#my-person-id")).toHaveText(grantor.personId);
  await page.getByLabel(t["mandates.person"]).fill(representative.personId);
  await page.getByLabel(t["mandates.validUntil"]).fill("2027-06-30");
  await page.getByRole("button", { name: t["mandates.grant"] }).click();
  const granted = page.locator("li", { hasText: representative.personId });
  await expect(granted).toBeVisible();
  await expect(granted.getByRole("button", { name: t["mandates.revoke"] })).toBeVisible();
  await screen(page, "zh-CN-50-mandate-granted");
  await granted.getByRole("button", { name: t["mandates.revoke"] }).click();
  await expect(granted).toHaveCount(0);
  await screen(page, "zh-CN-51-mandate-revoked");

  // the grant and the revocation are two notices: one page of one, then "More" follows `next`
  await expect(async () => {
    await visit(page, "#/dashboard");
    await visit(page, "#/inbox?limit=1");
    await expect(page.locator(".notice-item")).toHaveCount(1, { timeout: 3_000 });
    await page.getByRole("button", { name: t["paging.more"] }).click({ timeout: 3_000 });
    await expect(page.locator(".notice-item")).toHaveCount(2, { timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  await screen(page, "zh-CN-52-inbox-more");
  await page.context().close();
});

test("notification preferences and contact details are saved and read back", async ({ browser }) => {
  const person = await citizen();
  const page = await portalAs(browser, person);
  await page.getByRole("link", { name: t["nav.account"], exact: true }).click();
  await page.getByRole("link", { name: t["account.preferences"] }).click();
  await page.getByLabel(t["prefs.language"]).selectOption("en");
  await page.locator("#prefs-case_progress-sms").check();
  await page.locator("#prefs-offer-email").uncheck();
  await page.getByRole("button", { name: t["common.save"] }).click();
  await expect(page.getByText(t["prefs.saved"])).toBeVisible();
  // read back: the screen loaded afresh shows what the gateway stored
  await page.getByRole("link", { name: t["account.security"] }).click();
  await page.getByRole("link", { name: t["account.preferences"] }).click();
  await expect(page.getByLabel(t["prefs.language"])).toHaveValue("en");
  await expect(page.locator("#prefs-case_progress-sms")).toBeChecked();
  await expect(page.locator("#prefs-offer-email")).not.toBeChecked();
  await expect(page.locator("#prefs-case_receipt-email")).toBeChecked();

  // a new e-mail address: the code goes to it (read from Mailpit), typed in, the change shows
  const address = `web-new-${randomUUID().slice(0, 8)}@example.org`;
  await page.getByLabel(t["prefs.newEmail"]).fill(address);
  await page.getByRole("button", { name: t["prefs.changeContact"] }).click();
  await expect(page.getByLabel(t["prefs.code"])).toBeVisible();
  await screen(page, "zh-CN-53-contact-code");
  await page.getByLabel(t["prefs.code"]).fill(await mailedCode(address));
  await page.getByRole("button", { name: t["prefs.confirmContact"] }).click();
  await expect(page.getByText(t["prefs.contactChanged"])).toBeVisible();
  await expect(page.locator("#contact-email")).toHaveText(address);
  await page.getByRole("link", { name: t["account.cases"] }).click();
  await page.getByRole("link", { name: t["account.preferences"] }).click();
  await expect(page.locator("#contact-email")).toHaveText(address);
  await screen(page, "zh-CN-54-preferences-read-back");
  await page.context().close();
});

test("login history, then lock my account: the next call is refused with the problem's words", async ({ browser }) => {
  const person = await citizen();
  const page = await portalAs(browser, person, { viewport: PHONE });
  await page.getByRole("link", { name: t["nav.account"], exact: true }).click();
  await page.getByRole("link", { name: t["account.security"] }).click();
  await expect(page.locator(".logins li").first()).toContainText(t["loginType.LOGIN"]);
  await screen(page, "zh-CN-55-login-history");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: t["security.lock"] }).click();
  await expect(page.getByText(t["security.locked"])).toBeVisible();
  await screen(page, "zh-CN-56-account-locked");
  // the tab still holds its access token; the gateway refuses it from the lock on (identity's
  // lock event reaches it within a second) and the screen shows the problem, not a status code
  await expect(async () => {
    await visit(page, "#/wallet");
    await page.getByRole("link", { name: t["nav.dashboard"], exact: true }).click();
    await expect(page.getByRole("alert")).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole("alert")).toContainText(/locked|锁定/);
  await expect(page.getByRole("alert")).not.toHaveText(/^\s*401\s*$/);
  await screen(page, "zh-CN-57-locked-call-refused");
  await page.context().close();
});
