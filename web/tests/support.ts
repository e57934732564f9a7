// Test people, made the way tests/e2e makes them (tests/e2e/journey_support.py): a citizen
// registers through the gateway and a clerk verifies them in person; a clerk of the health
// department is put into the realm through the admin API. The browser then logs in with these
// passwords through the realm's real login form.
import { expect, request, type APIRequestContext, type Page } from "@playwright/test";
import { randomInt, randomUUID } from "node:crypto";

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

/** A clerk of ``department`` at ``office``, put into the realm as the dev seed puts its staff. */
export async function clerk(department = "health", office = "hosp-1"): Promise<Person> {
  const http = await request.newContext();
  const admin = await token(http, {
    grant_type: "client_credentials", client_id: "onewindow-identity", client_secret: IDENTITY_SECRET,
  });
  const headers = { Authorization: `Bearer ${admin}` };
  const username = `web.${department}.clerk.${randomUUID().slice(0, 6)}`;
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
  const role = ((await roles.json()) as { name: string }[]).filter((r) => r.name === "clerk");
  const mapped = await http.post(`${KEYCLOAK}/admin/realms/onewindow/users/${userId}/role-mappings/realm`, { headers, data: role });
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
