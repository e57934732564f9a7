import { useState } from "preact/hooks";
import { loadCatalogue } from "../api/catalogue";
import { Loading, Screen, useLoad } from "../components/common";
import { useI18n } from "../i18n/i18n";
import { href } from "../router";

/** Services to apply for: search by words, filter by department, or pick a life event. */
export function CatalogueScreen() {
  const i18n = useI18n();
  const { t, name } = i18n;
  const state = useLoad(loadCatalogue, []);
  const [query, setQuery] = useState("");
  const [department, setDepartment] = useState("");
  return (
    <Screen title={t("catalogue.title")}>
      <Loading state={state}>
        {(c) => {
          const words = query.trim().toLowerCase();
          const services = c.service_types.filter(
            (s) =>
              (!department || s.department === department) &&
              (!words || `${s.name.en} ${s.name.zh} ${s.code}`.toLowerCase().includes(words)),
          );
          const departmentName = (code: string) => name(c.departments.find((d) => d.code === code)?.name) || code;
          return (
            <>
              <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
                <div class="field">
                  <label for="catalogue-search">{t("catalogue.search")}</label>
                  <input id="catalogue-search" type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
                </div>
                <div class="field">
                  <label for="catalogue-department">{t("catalogue.department")}</label>
                  <select id="catalogue-department" value={department} onChange={(e) => setDepartment(e.currentTarget.value)}>
                    <option value="">{t("catalogue.allDepartments")}</option>
                    {c.departments.map((d) => (
                      <option value={d.code}>{name(d.name)}</option>
                    ))}
                  </select>
                </div>
              </form>
              <h2>{t("catalogue.services")}</h2>
              <ul class="list services">
                {services.map((s) => (
                  <li>
                    <a href={href("apply", s.code)}>{name(s.name)}</a>
                    <span class="meta">
                      {departmentName(s.department)} · {t("catalogue.timeLimit", { days: s.time_limit_working_days })}
                    </span>
                  </li>
                ))}
              </ul>
              {services.length === 0 ? <p>{t("catalogue.noMatch")}</p> : null}
              <h2>{t("catalogue.lifeEvents")}</h2>
              <ul class="list bundles">
                {c.bundles.map((b) => (
                  <li>
                    <a href={href("apply-bundle", b.code)}>{name(b.name)}</a>
                    <span class="meta">
                      {b.parts
                        .map((p) => name(c.service_types.find((s) => s.code === p.service_type)?.name) || p.service_type)
                        .join(" · ")}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          );
        }}
      </Loading>
    </Screen>
  );
}
