import { api, ok } from "../api/client";
import { Loading, Screen } from "../components/common";
import { useI18n, type MessageKey } from "../i18n/i18n";
import { href } from "../router";
import { CaseList } from "./caseList";
import { MandatesAndConsents } from "./mandates";
import { MoreButton, PagedTable, usePaged } from "./paging";
import { Preferences, Security } from "./preferences";

const SECTIONS: [string, MessageKey][] = [
  ["cases", "account.cases"],
  ["access-log", "account.accessLog"],
  ["mandates", "account.mandates"],
  ["preferences", "account.preferences"],
  ["security", "account.security"],
];

function MyCases({ limit }: { limit: number }) {
  const { t } = useI18n();
  const paged = usePaged(
    (cursor) => ok(api.GET("/v1/me/cases", { params: { query: { limit, ...(cursor ? { cursor } : {}) } } })),
    [limit],
  );
  return (
    <>
      <Loading state={paged}>{(page) => <CaseList cases={page.items} empty={t("dashboard.none")} />}</Loading>
      <MoreButton paged={paged} />
    </>
  );
}

/** "Who looked at my data": every read of my records by staff or systems, with the purpose. */
function AccessLog({ limit }: { limit: number }) {
  const { t, date } = useI18n();
  const paged = usePaged(
    (cursor) => ok(api.GET("/v1/me/access-log", { params: { query: { limit, ...(cursor ? { cursor } : {}) } } })),
    [limit],
  );
  return (
    <PagedTable
      paged={paged}
      empty={t("access.empty")}
      label={t("account.accessLog")}
      columns={[t("access.when"), t("access.who"), t("access.what"), t("access.purpose")]}
      row={(e) => (
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
      )}
    />
  );
}

/** My account: my cases, who looked at my data, mandates and consents, preferences, security. */
export function AccountScreen({ section, limit = 50 }: { section: string; limit?: number }) {
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
      {current[0] === "cases" ? <MyCases limit={limit} /> : null}
      {current[0] === "access-log" ? <AccessLog limit={limit} /> : null}
      {current[0] === "mandates" ? <MandatesAndConsents /> : null}
      {current[0] === "preferences" ? <Preferences /> : null}
      {current[0] === "security" ? <Security /> : null}
    </Screen>
  );
}
