// Login with the realm: authorization code + PKCE (S256) for the public client onewindow-web.
// Tokens live in memory only (InMemoryWebStorage): no script injected later can read them from
// localStorage, and a reload signs in again silently through the realm's SSO session cookie.
// The refresh token is rotated by the realm (revokeRefreshToken), so a stolen one works once.
import { InMemoryWebStorage, User, UserManager, WebStorageStateStore } from "oidc-client-ts";

export interface Principal {
  username: string;
  name: string;
  personId: string;
  subject: string;
  roles: string[];
  department: string;
  office: string;
}

const base = `${window.location.origin}${import.meta.env.BASE_URL}`;

let manager: UserManager;
let current: User | null = null;
const listeners = new Set<() => void>();

function changed(user: User | null): void {
  current = user;
  listeners.forEach((l) => l());
}

/** Sets up the realm client; ``authority`` is the realm's issuer URL (from config.json). */
export function configure(authority: string): void {
  manager = new UserManager({
  authority,
  client_id: "onewindow-web",
  redirect_uri: base,
  post_logout_redirect_uri: base,
  response_type: "code",
  scope: "openid profile email",
  userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
  automaticSilentRenew: true, // uses the refresh token (rotated) before the access token expires
  monitorSession: false,
  });
  manager.events.addUserLoaded((user) => changed(user));
  manager.events.addUserUnloaded(() => changed(null));
  manager.events.addSilentRenewError(() => changed(null));
}

/** Called when the signed-in user changes. */
export function onUserChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Finishes a login redirect when the URL carries ?code=…&state=…; returns where to go next. */
export async function completeLogin(): Promise<string | null> {
  const params = new URLSearchParams(window.location.search);
  if (!params.has("state") || !(params.has("code") || params.has("error"))) return null;
  const user = await manager.signinRedirectCallback();
  current = user;
  const target = typeof user.state === "string" && user.state.startsWith("#/") ? user.state : "#/";
  window.history.replaceState(null, "", `${import.meta.env.BASE_URL}${target}`);
  return target;
}

/** Sends the browser to the realm's login page in the portal's language. */
export function login(language: string, returnTo: string = window.location.hash || "#/"): Promise<void> {
  return manager.signinRedirect({ ui_locales: language, state: returnTo });
}

/** Ends the realm session too (not only the tab's tokens). */
export function logout(): Promise<void> {
  return manager.signoutRedirect({ id_token_hint: current?.id_token });
}

/** The access token, refreshed when it is about to expire. */
export async function accessToken(): Promise<string | null> {
  if (!current) return null;
  if (current.expires_in !== undefined && current.expires_in < 15) {
    try {
      current = await manager.signinSilent();
    } catch {
      current = null;
    }
  }
  return current?.access_token ?? null;
}

function claims(token: string): Record<string, unknown> {
  const part = token.split(".")[1] ?? "";
  const json = atob(part.replace(/-/g, "+").replace(/_/g, "/"));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
}

/** Who is signed in, for showing the right menu (the gateway decides what is allowed). */
export function principal(): Principal | null {
  if (!current) return null;
  const access = claims(current.access_token);
  const realm = (access.realm_access as { roles?: string[] } | undefined)?.roles ?? [];
  const profile = current.profile as Record<string, unknown>;
  return {
    username: String(profile.preferred_username ?? ""),
    name: String(profile.name ?? profile.preferred_username ?? ""),
    personId: String(profile.person_id ?? ""),
    subject: String(access.sub ?? ""),
    roles: realm,
    department: String(profile.department ?? ""),
    office: String(profile.office ?? ""),
  };
}
