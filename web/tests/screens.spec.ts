// Every other screen of the portal passes the axe check and is saved as a screenshot: the
// public ones, a citizen's (the development seed's citizen.demo) and a supervisor's.
import { expect, test } from "@playwright/test";
import { zh as t } from "./messages";
import { screen } from "./screens";
import { loginThroughRealm } from "./support";

const DEMO_CITIZEN = { username: "citizen.demo", password: "dev-pass-citizen", personId: "", nationalId: "" };
const SUPERVISOR = { username: "supervisor.health", password: "dev-pass-supervisor", personId: "", nationalId: "" };

test("public screens", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto("./");
  await screen(page, "zh-CN-20-home");
  await page.getByRole("link", { name: t["nav.register"] }).first().click();
  await page.getByRole("button", { name: t["register.submit"] }).click();
  await expect(page.locator("#reg-family_name-error")).toHaveText(t["form.required"]);
  await page.locator("#reg-national_id").fill("123");
  await page.getByRole("button", { name: t["register.submit"] }).click();
  await expect(page.locator("#reg-national_id-error")).toHaveText(t["form.pattern"]);
  await screen(page, "zh-CN-21-register");
  await page.getByRole("link", { name: t["nav.verify"] }).click();
  await page.getByLabel(t["verify.text"]).fill("not.a.certificate");
  await page.getByRole("button", { name: t["verify.check"] }).click();
  // a forged payload: the answer (a verdict or a problem) is shown, never a bare status
  await expect(page.locator(".verdict.invalid, .problem")).toBeVisible();
  await screen(page, "zh-CN-22-verify-invalid");
});

test("citizen screens", async ({ page }) => {
  await page.goto("./");
  await page.getByRole("button", { name: t["app.login"] }).first().click();
  await loginThroughRealm(page, DEMO_CITIZEN);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t["dashboard.title"]);
  await page.getByRole("link", { name: t["nav.inbox"], exact: true }).click();
  await screen(page, "zh-CN-23-inbox");
  await page.getByRole("link", { name: t["nav.wallet"], exact: true }).click();
  await screen(page, "zh-CN-24-wallet");
  await page.getByRole("link", { name: t["nav.account"], exact: true }).click();
  const sections: [string, string][] = [
    ["account.cases", "25-my-cases"],
    ["account.accessLog", "26-access-log"],
    ["account.mandates", "27-mandates-consents"],
    ["account.preferences", "28-preferences"],
    ["account.security", "29-logins-lock"],
  ];
  for (const [key, name] of sections) {
    await page.getByRole("link", { name: t[key as keyof typeof t] }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t[key as keyof typeof t]);
    await screen(page, `zh-CN-${name}`);
  }
});

test("supervisor screens", async ({ page }) => {
  await page.goto("./");
  await page.getByRole("button", { name: t["home.staffLogin"] }).click();
  await loginThroughRealm(page, SUPERVISOR);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(t["queue.title"].replace("{department}", "health"));
  await page.getByRole("link", { name: t["nav.intake"] }).click();
  await page.getByLabel(t["queue.service"]).selectOption("birth-medical-certificate");
  await expect(page.locator("#intake-child_name")).toBeVisible();
  await screen(page, "zh-CN-30-intake");
  await page.getByRole("link", { name: t["nav.statistics"] }).click();
  // both tables scroll in named regions that a keyboard reaches
  await expect(page.getByRole("region", { name: t["stats.handling"] })).toHaveAttribute("tabindex", "0");
  await expect(page.locator(`[role="region"][tabindex="0"][aria-label^="${t["stats.backlog"].split("{at}")[0]}"]`)).toHaveCount(1);
  await screen(page, "zh-CN-31-statistics");
  await page.getByRole("link", { name: t["nav.followUp"] }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t["followUp.title"]);
  await screen(page, "zh-CN-32-follow-up-tasks");
});
