import { api, ok, type Schemas } from "../api/client";
import { Loading, Screen, useLoad } from "../components/common";
import { useI18n } from "../i18n/i18n";
import { href } from "../router";
import { CaseList } from "./caseList";
import { Offers } from "./offers";

type Dashboard = Schemas["Dashboard"];

function Bundles({ bundles }: { bundles: Dashboard["bundles"] }) {
  const { t, name } = useI18n();
  if (bundles.length === 0) return null;
  return (
    <section aria-labelledby="dash-bundles">
      <h2 id="dash-bundles">{t("dashboard.bundles")}</h2>
      <ul class="list">
        {bundles.map((b) => (
          <li>
            <a href={href("bundles", b.id)}>
              <strong>{name(b.name) || b.bundle_type}</strong> {b.bundle_number}
            </a>{" "}
            · {b.status_label || name(b.status_text) || b.state} ·{" "}
            {t("dashboard.partsDecided", { decided: b.parts_decided, total: b.parts_total })}
            <ul>
              {b.parts.map((p) => (
                <li>
                  <a href={href("cases", p.id)}>{p.case_number}</a> · {p.status_label || name(p.status_text)}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What matters now: open cases with what is expected of me, bundles, notices, wallet. */
export function DashboardScreen() {
  const { t } = useI18n();
  const state = useLoad(() => ok(api.GET("/v1/me/dashboard")), []);
  return (
    <Screen title={t("dashboard.title")}>
      <Loading state={state}>
        {(d) => (
          <>
            {d.degraded.length > 0 ? (
              <p class="notice" role="status">
                {t("dashboard.degraded")}
              </p>
            ) : null}
            <div class="cards">
              <a class="card stat" href={href("inbox")}>
                <span class="figure">{d.unread_notices ?? "–"}</span> {t("dashboard.unread")}
              </a>
              <a class="card stat" href={href("wallet")}>
                <span class="figure">
                  {d.wallet_count ?? "–"}
                  {d.wallet_count_is_lower_bound ? "+" : ""}
                </span>{" "}
                {t("dashboard.wallet")}
              </a>
              <a class="card stat" href={href("catalogue")}>
                {t("dashboard.apply")}
              </a>
            </div>
            <section aria-labelledby="dash-open">
              <h2 id="dash-open">{t("dashboard.open")}</h2>
              <CaseList cases={d.open_cases} empty={t("dashboard.none")} />
            </section>
            <Offers offers={d.offers ?? []} onChange={state.reload} />
            <Bundles bundles={d.bundles} />
            <p>
              <a href={href("account", "cases")}>{t("dashboard.allCases")}</a>
            </p>
          </>
        )}
      </Loading>
    </Screen>
  );
}
