import { useEffect, useMemo, useState } from "preact/hooks";
import { login, logout, onUserChange, principal, type Principal } from "./auth";
import { ProblemBox } from "./components/common";
import { I18nContext, LANGUAGES, makeI18n, saveLanguage, useI18n, type Language } from "./i18n/i18n";
import { href, useRoute, type Route } from "./router";
import { screenFor } from "./screens";

const STAFF_ROLES = ["clerk", "supervisor", "dept_admin"];

export function isStaff(p: Principal | null): boolean {
  return Boolean(p && p.roles.some((r) => STAFF_ROLES.includes(r)));
}

function Nav({ who }: { who: Principal | null }) {
  const { t } = useI18n();
  const links: [string, string][] = [];
  if (who && !isStaff(who)) {
    links.push(
      [href("dashboard"), t("nav.dashboard")],
      [href("catalogue"), t("nav.catalogue")],
      [href("wallet"), t("nav.wallet")],
      [href("inbox"), t("nav.inbox")],
      [href("account"), t("nav.account")],
    );
  }
  if (isStaff(who)) {
    links.push(
      [href("staff", "queue"), t("nav.queue")],
      [href("staff", "intake"), t("nav.intake")],
      [href("staff", "follow-up"), t("nav.followUp")],
      [href("staff", "inbox"), t("nav.staffInbox")],
    );
    if (who!.roles.some((r) => r === "supervisor" || r === "dept_admin"))
      links.push([href("staff", "statistics"), t("nav.statistics")]);
  }
  if (!who) links.push([href("catalogue"), t("nav.catalogue")], [href("register"), t("nav.register")]);
  links.push([href("verify"), t("nav.verify")]);
  return (
    <nav aria-label={t("nav.label")}>
      <ul>
        {links.map(([target, text]) => (
          <li>
            <a href={target}>{text}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Header({ who }: { who: Principal | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <header class="top">
      <div class="bar">
        <a class="brand" href="#/">
          {t("app.name")}
        </a>
        <div class="tools">
          <label class="lang">
            <span class="visually-hidden">{t("app.language")}</span>
            <select
              value={i18n.language}
              onChange={(e) => i18n.setLanguage(e.currentTarget.value as Language)}
            >
              {LANGUAGES.map((l) => (
                <option value={l} lang={l}>
                  {l === "en" ? "English" : "简体中文"}
                </option>
              ))}
            </select>
          </label>
          {who ? (
            <>
              <span class="who">{who.name}</span>
              <button type="button" class="secondary" onClick={() => void logout()}>
                {t("app.logout")}
              </button>
            </>
          ) : (
            <button type="button" onClick={() => void login(i18n.language)}>
              {t("app.login")}
            </button>
          )}
        </div>
      </div>
      <Nav who={who} />
    </header>
  );
}

function Main({ route, who }: { route: Route; who: Principal | null }) {
  return <main id="main" tabIndex={-1}>{screenFor(route, who)}</main>;
}

export function App({ initialLanguage, loginError }: { initialLanguage: Language; loginError: unknown }) {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  const [who, setWho] = useState<Principal | null>(principal());
  const route = useRoute();
  useEffect(() => onUserChange(() => setWho(principal())), []);
  const i18n = useMemo(
    () =>
      makeI18n(language, (l) => {
        saveLanguage(l);
        setLanguage(l);
      }),
    [language],
  );
  return (
    <I18nContext.Provider value={i18n}>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById("main")?.focus())}>
        {i18n.t("app.skip")}
      </a>
      <Header who={who} />
      {loginError ? <ProblemBox error={loginError} /> : null}
      <Main key={`${language}:${route.path.join("/")}:${route.query}`} route={route} who={who} />
      <footer>{i18n.t("app.footer")}</footer>
    </I18nContext.Provider>
  );
}
