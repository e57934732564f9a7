// The realm's own pages in a real browser: password reset by e-mail from the portal's login
// (the realm's "forgot password" page, the e-mail read back from Mailpit's API, the link
// followed, a new password set, a login with it), in zh-CN (the realm's default) and en. Every
// realm page passes the axe check (WCAG 2.1 A/AA, 0 serious or critical) and is saved to
// var/screenshots. Self-registration is off in the realm (citizens register through the
// gateway's POST /v1/registrations), so there is no realm registration page to check.
import { expect, request, test, type Browser, type Page } from "@playwright/test";
import { en, zh, type Texts } from "./messages";
import { checkAndSave } from "./screens";
import { citizen, KEYCLOAK, loginThroughRealm } from "./support";

const MAILPIT = `http://${process.env.ONEWINDOW_MAILPIT_HTTP_ADDR ?? "127.0.0.1:8025"}`;
const REALM = `${KEYCLOAK}/realms/onewindow`;
const IDENTITY_SECRET = process.env.ONEWINDOW_KEYCLOAK_IDENTITY_SECRET ?? "dev-only-onewindow-identity-secret";
const NEW_PASSWORD = "Reset-by-mail-2026!";

interface Run {
  language: "zh-CN" | "en";
  texts: Texts;
  viewport: { width: number; height: number };
  words: RegExp; // the realm's own words in the language (its message files, not ours)
}
const RUNS: Run[] = [
  { language: "zh-CN", texts: zh, viewport: { width: 360, height: 780 }, words: /[\u4e00-\u9fff]/ },
  { language: "en", texts: en, viewport: { width: 1280, height: 900 }, words: /^[\x20-\x7e\s]*[A-Za-z][\x20-\x7e\s]*$/ },
];

/** Axe (WCAG 2.1 A/AA) on a realm page once loaded: no serious or critical violation; a screenshot. */
async function realmPage(page: Page, name: string): Promise<void> {
  await page.waitForLoadState("load");
  await checkAndSave(page, name);
}

/** The e-mail address the realm holds for ``username`` (read as the identity service's client). */
async function emailOf(username: string): Promise<string> {
  const http = await request.newContext();
  const token = await http.post(`${REALM}/protocol/openid-connect/token`, {
    form: { grant_type: "client_credentials", client_id: "onewindow-identity", client_secret: IDENTITY_SECRET },
  });
  expect(token.ok(), await token.text()).toBeTruthy();
  const users = await http.get(`${KEYCLOAK}/admin/realms/onewindow/users`, {
    headers: { Authorization: `Bearer ${(await token.json()).access_token}` },
    params: { username, exact: "true" },
  });
  expect(users.ok(), await users.text()).toBeTruthy();
  const [user] = (await users.json()) as { email?: string }[];
  await http.dispose();
  expect(user?.email, `the realm's user ${username} has an e-mail address`).toBeTruthy();
  return user!.email!;
}

/** The reset link of the newest e-mail Mailpit received for ``address``. */
async function resetLink(address: string): Promise<string> {
  const http = await request.newContext({ baseURL: MAILPIT });
  let link = "";
  await expect(async () => {
    const found = await http.get("/api/v1/search", { params: { query: `to:"${address}"`, limit: "5" } });
    expect(found.ok(), await found.text()).toBeTruthy();
    const [newest] = (await found.json()).messages as { ID: string }[];
    expect(newest, `an e-mail to ${address}`).toBeTruthy();
    const message = await (await http.get(`/api/v1/message/${newest!.ID}`)).json();
    const match = `${message.Text}\n${message.HTML}`.match(/https?:\/\/[^\s"'<>]+\/login-actions\/action-token\?[^\s"'<>]+/);
    expect(match, "a reset link in the e-mail").toBeTruthy();
    link = match![0].replace(/&amp;/g, "&");
  }).toPass({ timeout: 30_000 });
  await http.dispose();
  return link;
}

async function portalLogin(browser: Browser, run: Run): Promise<Page> {
  const context = await browser.newContext({ viewport: run.viewport, locale: run.language });
  const page = await context.newPage();
  await page.goto("./");
  if (run.language !== "zh-CN") await page.getByLabel(zh["app.language"]).selectOption(run.language);
  await page.getByRole("button", { name: run.texts["app.login"] }).first().click();
  await page.waitForURL(/\/realms\/onewindow\/protocol\/openid-connect\/auth/);
  return page;
}

test("the realm speaks zh-CN when the browser asks for a language it does not offer", async ({ browser }) => {
  const context = await browser.newContext({ locale: "de-DE" });
  const page = await context.newPage();
  await page.goto(`${REALM}/account`); // the realm's own account console: its login page, no ui_locales
  await page.waitForURL(/\/protocol\/openid-connect\/auth/);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.locator("#kc-login")).toHaveText(/[\u4e00-\u9fff]/);
  await context.close();
});

for (const run of RUNS) {
  test(`password reset by e-mail through the realm's pages (${run.language})`, async ({ browser }) => {
    test.setTimeout(240_000); // an e-mail round trip and two logins, on a shared 2-core box
    const tag = run.language;
    const person = await citizen();
    const address = await emailOf(person.username);

    const page = await portalLogin(browser, run);
    await expect(page.locator("html")).toHaveAttribute("lang", run.language);
    await expect(page.locator("#kc-login")).toHaveText(run.words);
    await realmPage(page, `${tag}-50-realm-login`);
    // a wrong password: the realm's error on its login page
    await page.locator("#username").fill(person.username);
    await page.locator("#password").fill("not-the-password");
    await page.locator("#kc-login").click();
    await expect(page.locator("#input-error, .pf-v5-c-alert, .kc-feedback-text").first()).toBeVisible();
    await realmPage(page, `${tag}-51-realm-login-error`);

    await page.locator('a[href*="/login-actions/reset-credentials"]').click();
    await expect(page.locator("#kc-reset-password-form")).toBeVisible();
    await realmPage(page, `${tag}-52-realm-forgot-password`);
    await page.locator("#username").fill(person.username);
    await page.locator("#kc-form-buttons").click();
    await expect(page.locator("#kc-login")).toBeVisible(); // back on the login page, with a notice
    await expect(page.locator(".pf-v5-c-alert").first()).toHaveText(run.words);
    await realmPage(page, `${tag}-53-realm-reset-mail-sent`);

    // the e-mail, read back from Mailpit; its link opens the realm's "update password" page
    await page.goto(await resetLink(address));
    await expect(page.locator("#kc-passwd-update-form")).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", run.language);
    await realmPage(page, `${tag}-54-realm-update-password`);
    await page.locator("#password-new").fill(NEW_PASSWORD);
    await page.locator("#password-confirm").fill("something-else-2026!");
    await page.locator("#kc-submit").click();
    await expect(page.locator("#input-error-password-confirm")).toBeVisible();
    await realmPage(page, `${tag}-55-realm-update-password-mismatch`);
    await page.locator("#password-new").fill(NEW_PASSWORD);
    await page.locator("#password-confirm").fill(NEW_PASSWORD);
    await page.locator("#kc-submit").click();
    // the reset continues the portal's login: the citizen arrives on the dashboard
    await page.waitForURL(/\/portal\//);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(run.texts["dashboard.title"]);
    await page.context().close();

    // a fresh browser logs in with the new password; the old one no longer works
    const again = await portalLogin(browser, run);
    await loginThroughRealm(again, { ...person, password: NEW_PASSWORD });
    await expect(again.getByRole("heading", { level: 1 })).toHaveText(run.texts["dashboard.title"]);
    await again.context().close();
    const http = await request.newContext();
    const old = await http.post(`${REALM}/protocol/openid-connect/token`, {
      form: { grant_type: "password", client_id: "onewindow-web", username: person.username, password: person.password },
    });
    expect(old.status()).toBe(401);
    await http.dispose();
  });
}
