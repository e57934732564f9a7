// Test people, made the way tests/e2e makes them (tests/e2e/journey_support.py): a citizen
// registers through the gateway and a clerk verifies them in person; a clerk of the health
// department is put into the realm through the admin API. The browser then logs in with these
// passwords through the realm's real login form.
import { expect, request, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { randomInt, randomUUID } from "node:crypto";
import { zh } from "./messages";

export const GATEWAY = `http://${process.env.ONEWINDOW_GATEWAY_ADDR ?? "127.0.0.1:8000"}`;
export const KEYCLOAK = process.env.ONEWINDOW_KEYCLOAK_URL ?? "http://127.0.0.1:8080";
const REALM = `${KEYCLOAK}/realms/${process.env.ONEWINDOW_KEYCLOAK_REALM ?? "onewindow"}`;
const IDENTITY_SECRET = process.env.ONEWINDOW_KEYCLOAK_IDENTITY_SECRET ?? "dev-only-onewindow-identity-secret";
export const PASSWORD = "Web-e2e-Passw0rd!";
const SEEDED_CLERK = { username: "clerk.central", password: "dev-pass-clerk" };

export interface Person {
  username: string;
  password: string;
  personId: string;
  nationalId: string;
}

/** A valid 18-digit resident identity number (ISO 7064 MOD 11-2 check character). */
export function residentId(): string {
  const born = new Date(Date.UTC(1960, 0, 1) + randomInt(0, 15000) * 86_400_000);
  const ymd = born.toISOString().slice(0, 10).replace(/-/g, "");
  const body = `310104${ymd}${String(randomInt(0, 1000)).padStart(3, "0")}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (2 ** (17 - i) % 11), 0);
  return body + "10X98765432"[sum % 11];
}

async function token(http: APIRequestContext, form: Record<string, string>): Promise<string> {
  const reply = await http.post(`${REALM}/protocol/openid-connect/token`, { form });
  expect(reply.ok(), await reply.text()).toBeTruthy();
  return (await reply.json()).access_token as string;
}

/** A citizen registered through the gateway and verified in person (assurance "substantial"). */
export async function citizen(): Promise<Person> {
  const http = await request.newContext();
  const nationalId = residentId();
  const body = {
    national_id: nationalId, family_name: "李", given_name: "娜", password: PASSWORD,
    date_of_birth: `${nationalId.slice(6, 10)}-${nationalId.slice(10, 12)}-${nationalId.slice(12, 14)}`,
    email: `web-${randomUUID().slice(0, 10)}@example.org`,
  };
  const key = randomUUID();
  let reply = await http.post(`${GATEWAY}/v1/registrations`, { data: body, headers: { "Idempotency-Key": key } });
  for (let i = 0; i < 30 && reply.status() === 429; i++) {
    await new Promise((r) => setTimeout(r, 1000 * Number(reply.headers()["retry-after"] ?? "1")));
    reply = await http.post(`${GATEWAY}/v1/registrations`, { data: body, headers: { "Idempotency-Key": key } });
  }
  expect(reply.status(), await reply.text()).toBe(201);
  const person = await reply.json();
  const clerk = await token(http, { grant_type: "password", client_id: "onewindow-web", ...SEEDED_CLERK });
  const verified = await http.post(`${GATEWAY}/v1/persons/${person.person_id}/in-person-verification`, {
    headers: { Authorization: `Bearer ${clerk}` },
    data: { method: "document_chip_read", document: { type: "resident_id", number: nationalId } },
  });
  expect(verified.ok(), await verified.text()).toBeTruthy();
  await http.dispose();
  return { username: person.username, password: PASSWORD, personId: person.person_id, nationalId };
}

/** A clerk (or ``role``) of ``department`` at ``office``, put into the realm as the dev seed puts its staff. */
export async function clerk(department = "health", office = "hosp-1", role = "clerk"): Promise<Person> {
  const http = await request.newContext();
  const admin = await token(http, {
    grant_type: "client_credentials", client_id: "onewindow-identity", client_secret: IDENTITY_SECRET,
  });
  const headers = { Authorization: `Bearer ${admin}` };
  const username = `web.${department}.${role}.${randomUUID().slice(0, 6)}`;
  const created = await http.post(`${KEYCLOAK}/admin/realms/onewindow/users`, {
    headers,
    data: {
      username, enabled: true, emailVerified: true, email: `${username}@example.org`,
      firstName: "伟", lastName: "张",
      attributes: { department: [department], office: [office], assurance_level: ["high"], person_id: [randomUUID()] },
      credentials: [{ type: "password", value: PASSWORD, temporary: false }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const userId = created.headers()["location"]!.split("/").pop()!;
  const roles = await http.get(`${KEYCLOAK}/admin/realms/onewindow/users/${userId}/role-mappings/realm/available`, { headers });
  const wanted = ((await roles.json()) as { name: string }[]).filter((r) => r.name === role);
  const mapped = await http.post(`${KEYCLOAK}/admin/realms/onewindow/users/${userId}/role-mappings/realm`, { headers, data: wanted });
  expect(mapped.ok(), await mapped.text()).toBeTruthy();
  await http.dispose();
  return { username, password: PASSWORD, personId: "", nationalId: "" };
}

/** A small but real PDF (documents sniffs the type from the bytes). */
export function samplePdf(text = "scan"): Buffer {
  return Buffer.from(
    `%PDF-1.4\n%${text}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}

/** Logs in through the realm's own login page (username and password typed into its form). */
export async function loginThroughRealm(page: Page, person: Person): Promise<void> {
  await page.waitForURL(/\/realms\/onewindow\/protocol\/openid-connect\/auth/);
  await page.locator("#username").fill(person.username);
  await page.locator("#password").fill(person.password);
  await page.locator("#kc-login").click();
  await page.waitForURL(/\/portal\//);
}

/** The seeded supervisor of the health department (dev seed). */
export const SUPERVISOR: Person = { username: "supervisor.health", password: "dev-pass-supervisor", personId: "", nationalId: "" };
const DEPARTMENT_ADMIN = { username: "admin.health", password: "dev-pass-admin" };

/** A staff member created the way a department admin does it (POST /v1/departments/{d}/staff):
 * identity records them and tells the other services, so they receive staff notices. Their
 * password is temporary: the realm asks for a new one (``password``) at the first login. */
export async function staffMember(department = "health", office = "hosp-1"): Promise<Person & { initial: string }> {
  const http = await request.newContext();
  const admin = await token(http, { grant_type: "password", client_id: "onewindow-web", ...DEPARTMENT_ADMIN });
  const username = `web.staff.${randomUUID().slice(0, 8)}`;
  const initial = "Tmp-Web-passw0rd!";
  const created = await http.post(`${GATEWAY}/v1/departments/${department}/staff`, {
    headers: { Authorization: `Bearer ${admin}`, "Idempotency-Key": randomUUID() },
    data: { username, family_name: "周", given_name: "敏", email: `${username}@example.org`, office, roles: ["clerk"], initial_password: initial },
  });
  expect(created.status(), await created.text()).toBe(201);
  await http.dispose();
  return { username, password: PASSWORD, personId: "", nationalId: "", initial };
}

/** The gateway as ``person`` (a password grant of the portal's client), for arranging a test. */
export async function apiAs(person: { username: string; password: string }): Promise<{ http: APIRequestContext; headers: Record<string, string> }> {
  const http = await request.newContext();
  const bearer = await token(http, { grant_type: "password", client_id: "onewindow-web", username: person.username, password: person.password });
  return { http, headers: { Authorization: `Bearer ${bearer}` } };
}

/** Uploads a PDF of ``type`` for the caller; returns its document id. */
export async function upload(http: APIRequestContext, headers: Record<string, string>, type: string): Promise<string> {
  const uploaded = await http.post(`${GATEWAY}/v1/documents`, {
    headers: { ...headers, "Idempotency-Key": randomUUID() },
    multipart: { document_type: type, title: `${type}.pdf`, file: { name: `${type}.pdf`, mimeType: "application/pdf", buffer: samplePdf(type) } },
  });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  return (await uploaded.json()).document.id as string;
}

export interface Filed {
  id: string;
  number: string;
}

/** A birth medical certificate application filed by ``person`` through the API. */
export async function fileBirthCase(person: Person, child = "王小红"): Promise<Filed> {
  const { http, headers } = await apiAs(person);
  const documentId = await upload(http, headers, "resident_id");
  const form = { child_name: child, child_sex: "female", birth_date: "2026-11-21", birth_place: "第一人民医院", mother_id_number: person.nationalId };
  const filed = await http.post(`${GATEWAY}/v1/cases`, {
    headers: { ...headers, "Idempotency-Key": randomUUID() },
    data: { service_type: "birth-medical-certificate", form, document_ids: [documentId] },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  const body = await filed.json();
  await http.dispose();
  return { id: body.id as string, number: body.case_number as string };
}

/** Staff ``who`` makes ``steps`` on a case (claim first), each write with If-Match the version
 * the previous answer gave (a read right after a write may still lag behind it). */
export async function staffSteps(who: Person, caseId: string, steps: { path: string; data?: object }[]): Promise<void> {
  const { http, headers } = await apiAs(who);
  const read = await http.get(`${GATEWAY}/v1/cases/${caseId}?purpose=${encodeURIComponent("browser test")}`, { headers });
  expect(read.status(), await read.text()).toBe(200);
  let version = `"${(await read.json()).version}"`;
  for (const step of steps) {
    const reply = await http.post(`${GATEWAY}/v1/cases/${caseId}/${step.path}`, {
      headers: { ...headers, "If-Match": version, "Idempotency-Key": randomUUID() },
      data: step.data ?? {},
    });
    expect(reply.ok(), `${step.path}: ${await reply.text()}`).toBeTruthy();
    version = `"${(await reply.json()).version}"`;
  }
  await http.dispose();
}

/** A first login with a temporary password: the realm asks for a new one (``who.password``). */
export async function firstLogin(page: Page, who: Person, initial: string): Promise<void> {
  await page.waitForURL(/\/realms\/onewindow\/protocol\/openid-connect\/auth/);
  await page.locator("#username").fill(who.username);
  await page.locator("#password").fill(initial);
  await page.locator("#kc-login").click();
  await page.locator("#password-new").fill(who.password);
  await page.locator("#password-confirm").fill(who.password);
  await page.locator("input[type=submit], button[type=submit]").first().click();
  await page.waitForURL(/\/portal\//);
}

/** A fresh browser context on the portal, logged in as ``who`` through the realm's login page. */
export async function portalAs(
  browser: Browser,
  who: Person,
  options: { staff?: boolean; initial?: string; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto("./");
  if (options.staff) await page.getByRole("button", { name: zh["home.staffLogin"] }).click();
  else await page.getByRole("button", { name: zh["app.login"] }).first().click();
  if (options.initial) await firstLogin(page, who, options.initial);
  else await loginThroughRealm(page, who);
  // the login is complete once the portal shows who is signed in (it has replaced ?code=… by
  // the screen to go to: a hash set before then would be overwritten)
  await expect(page.getByRole("button", { name: zh["app.logout"] })).toBeVisible();
  await expect(page).not.toHaveURL(/[?&]code=/);
  return page;
}

/** Goes to a screen by its hash (a reload would drop the in-memory tokens). */
export async function visit(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
}

const MAILPIT = process.env.ONEWINDOW_MAILPIT_URL ?? "http://127.0.0.1:8025";

/** The six-digit code of the newest e-mail to ``address`` in Mailpit (polled). */
export async function mailedCode(address: string, timeoutMs = 90_000): Promise<string> {
  const http = await request.newContext();
  let code = "";
  await expect(async () => {
    const reply = await http.get(`${MAILPIT}/api/v1/search`, { params: { query: `to:${address}` } });
    const messages = ((await reply.json()).messages ?? []) as { Subject: string }[];
    code = messages.map((m) => /\b(\d{6})\b/.exec(m.Subject)?.[1] ?? "").find(Boolean) ?? "";
    expect(code, `an e-mail with a code to ${address}`).not.toBe("");
  }).toPass({ timeout: timeoutMs, intervals: [500, 1000] });
  await http.dispose();
  return code;
}
