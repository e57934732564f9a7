import { useState } from "preact/hooks";
import { api, ok } from "../api/client";
import { logout } from "../auth";
import { Loading, ProblemBox, Screen, useAction, useLoad } from "../components/common";
import { useI18n, type MessageKey } from "../i18n/i18n";
import { href } from "../router";
import { CaseList } from "./caseList";
import { MandatesAndConsents } from "./mandates";

const SECTIONS: [string, MessageKey][] = [
  ["cases", "account.cases"],
  ["access-log", "account.accessLog"],
  ["mandates", "account.mandates"],
  ["preferences", "account.preferences"],
  ["security", "account.security"],
];

function MyCases() {
  const { t } = useI18n();
  const state = useLoad(() => ok(api.GET("/v1/me/cases", { params: { query: { limit: 100 } } })), []);
  return <Loading state={state}>{(page) => <CaseList cases={page.items} empty={t("dashboard.none")} />}</Loading>;
}

/** "Who looked at my data": every read of my records by staff or systems, with the purpose. */
function AccessLog() {
  const { t, date } = useI18n();
  const state = useLoad(() => ok(api.GET("/v1/me/access-log", { params: { query: { limit: 100 } } })), []);
  return (
    <Loading state={state}>
      {(log) =>
        log.items.length === 0 ? (
          <p>{t("access.empty")}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t("account.accessLog")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("access.when")}</th>
                  <th scope="col">{t("access.who")}</th>
                  <th scope="col">{t("access.what")}</th>
                  <th scope="col">{t("access.purpose")}</th>
                </tr>
              </thead>
              <tbody>
                {log.items.map((e) => (
                  <tr>
                    <td>{date(e.at)}</td>
                    <td>
                      {e.actor_username || e.actor_kind} {e.actor_department ? `(${e.actor_department})` : ""}
                    </td>
                    <td>
                      {e.action} {e.object_kind}
                    </td>
                    <td>{e.purpose}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </Loading>
  );
}

/** Notification language and categories; contact details. */
function Preferences() {
  const { t } = useI18n();
  const state = useLoad(() => ok(api.GET("/v1/me/preferences")), []);
  const [language, setLanguage] = useState<"" | "zh-CN" | "en" | null>(null);
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState("");
  const action = useAction();
  return (
    <Loading state={state}>
      {(prefs) => (
        <>
          <form
            class="card"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void action.run(async () => {
                await ok(api.PUT("/v1/me/preferences", { body: { language: language ?? (prefs.language as "" | "zh-CN" | "en"), categories: prefs.categories.map((c) => ({ category: c.category, channels: c.channels.filter((x): x is "email" | "sms" => x === "email" || x === "sms") })) } }));
                setSent(t("prefs.saved"));
                state.reload();
              });
            }}
          >
            <h2>{t("prefs.notices")}</h2>
            <div class="field">
              <label for="prefs-language">{t("prefs.language")}</label>
              <select id="prefs-language" value={language ?? prefs.language} onChange={(e) => setLanguage(e.currentTarget.value as "" | "zh-CN" | "en")}>
                <option value="zh-CN">简体中文</option>
                <option value="en">English</option>
              </select>
            </div>
            <button type="submit" disabled={action.busy}>
              {t("common.save")}
            </button>
          </form>
          <form
            class="card"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void action.run(async () => {
                await ok(api.PUT("/v1/me/contact-details", { body: { email } }));
                setSent(t("prefs.contactSent"));
              });
            }}
          >
            <h2>{t("prefs.contact")}</h2>
            <div class="field">
              <label for="prefs-email">{t("field.email")}</label>
              <input id="prefs-email" type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
            </div>
            <button type="submit" disabled={action.busy}>
              {t("prefs.changeContact")}
            </button>
          </form>
          <ProblemBox error={action.error} />
          {sent ? <p role="status">{sent}</p> : null}
        </>
      )}
    </Loading>
  );
}

/** Recent logins and "lock my account" (ends every session at once). */
function Security() {
  const { t, date } = useI18n();
  const state = useLoad(() => ok(api.GET("/v1/me/logins")), []);
  const action = useAction();
  return (
    <>
      <Loading state={state}>
        {(logins) => (
          <ul class="list">
            {logins.logins.map((l) => (
              <li>
                {date(l.at)} · {l.type} · {l.ip_address} {l.error ? `· ${l.error}` : ""}
              </li>
            ))}
          </ul>
        )}
      </Loading>
      <ProblemBox error={action.error} />
      <button
        type="button"
        class="danger"
        disabled={action.busy}
        onClick={() =>
          window.confirm(t("security.lockConfirm")) &&
          void action.run(async () => {
            await ok(api.POST("/v1/me/lock", { body: { reason: "" } }));
            await logout();
          })
        }
      >
        {t("security.lock")}
      </button>
    </>
  );
}

/** My account: my cases, who looked at my data, mandates and consents, preferences, security. */
export function AccountScreen({ section }: { section: string }) {
  const { t } = useI18n();
  const current = SECTIONS.find(([s]) => s === section) ?? SECTIONS[0]!;
  return (
    <Screen title={t(current[1])}>
      <nav aria-label={t("nav.account")} class="tabs">
        <ul>
          {SECTIONS.map(([s, label]) => (
            <li>
              <a href={href("account", s)} aria-current={s === current[0] ? "page" : undefined}>
                {t(label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {current[0] === "cases" ? <MyCases /> : null}
      {current[0] === "access-log" ? <AccessLog /> : null}
      {current[0] === "mandates" ? <MandatesAndConsents /> : null}
      {current[0] === "preferences" ? <Preferences /> : null}
      {current[0] === "security" ? <Security /> : null}
    </Screen>
  );
}
