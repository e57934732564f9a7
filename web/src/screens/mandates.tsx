import { useState } from "preact/hooks";
import { loadCatalogue } from "../api/catalogue";
import { api, idempotencyKey, ok } from "../api/client";
import { Loading, ProblemBox, useAction, useLoad } from "../components/common";
import { useI18n } from "../i18n/i18n";

/** Mandates I gave (someone may act for me) and consents to departments: grant and revoke. */
export function MandatesAndConsents() {
  const { t, date, name } = useI18n();
  const state = useLoad(async () => {
    const [me, mandates, consents, catalogue] = await Promise.all([
      ok(api.GET("/v1/me")),
      ok(api.GET("/v1/me/mandates")),
      ok(api.GET("/v1/me/consents")),
      loadCatalogue(),
    ]);
    return { me, mandates, consents, catalogue };
  }, []);
  const action = useAction();
  const [mandatee, setMandatee] = useState("");
  const [until, setUntil] = useState("");
  const [department, setDepartment] = useState("");
  const [purpose, setPurpose] = useState("");
  return (
    <>
      <ProblemBox error={action.error} />
      <Loading state={state}>
        {({ me, mandates, consents, catalogue }) => (
          <>
            <p>
              {t("mandates.myId")} <code id="my-person-id">{me.person?.person_id}</code>
            </p>
            <h2>{t("mandates.title")}</h2>
            <ul class="list">
              {mandates.granted.map((m) => (
                <li>
                  {m.mandatee_person_id} · {t("mandates.until", { date: date(m.valid_until) })}
                  {m.revoked_at ? ` · ${t("mandates.revoked")}` : (
                    <button type="button" class="link" disabled={action.busy} onClick={() => void action.run(async () => {
                      await ok(api.DELETE("/v1/me/mandates/{mandate_id}", { params: { path: { mandate_id: m.mandate_id } } }));
                      state.reload();
                    })}>
                      {t("mandates.revoke")}
                    </button>
                  )}
                </li>
              ))}
            </ul>
            <form class="card" noValidate onSubmit={(e) => {
              e.preventDefault();
              void action.run(async () => {
                await ok(api.POST("/v1/me/mandates", {
                  params: { header: { "idempotency-key": idempotencyKey() } },
                  body: { mandatee_person_id: mandatee, valid_until: until },
                }));
                state.reload();
              });
            }}>
              <h3>{t("mandates.grant")}</h3>
              <div class="field">
                <label for="mandate-person">{t("mandates.person")}</label>
                <input id="mandate-person" value={mandatee} onInput={(e) => setMandatee(e.currentTarget.value)} />
              </div>
              <div class="field">
                <label for="mandate-until">{t("mandates.validUntil")}</label>
                <input id="mandate-until" type="date" value={until} onInput={(e) => setUntil(e.currentTarget.value)} />
              </div>
              <button type="submit" disabled={action.busy}>{t("mandates.grant")}</button>
            </form>
            <h2>{t("consents.title")}</h2>
            <ul class="list">
              {consents.consents.map((c) => (
                <li>
                  {name(catalogue.departments.find((d) => d.code === c.department)?.name) || c.department} · {c.purpose}
                  {c.revoked_at ? ` · ${t("mandates.revoked")}` : (
                    <button type="button" class="link" disabled={action.busy} onClick={() => void action.run(async () => {
                      await ok(api.DELETE("/v1/me/consents/{consent_id}", { params: { path: { consent_id: c.consent_id } } }));
                      state.reload();
                    })}>
                      {t("mandates.revoke")}
                    </button>
                  )}
                </li>
              ))}
            </ul>
            <form class="card" noValidate onSubmit={(e) => {
              e.preventDefault();
              void action.run(async () => {
                await ok(api.POST("/v1/me/consents", {
                  params: { header: { "idempotency-key": idempotencyKey() } },
                  body: { department, purpose },
                }));
                state.reload();
              });
            }}>
              <h3>{t("consents.grant")}</h3>
              <div class="field">
                <label for="consent-department">{t("catalogue.department")}</label>
                <select id="consent-department" value={department} onChange={(e) => setDepartment(e.currentTarget.value)}>
                  <option value="">{t("form.choose")}</option>
                  {catalogue.departments.map((d) => <option value={d.code}>{name(d.name)}</option>)}
                </select>
              </div>
              <div class="field">
                <label for="consent-purpose">{t("access.purpose")}</label>
                <input id="consent-purpose" value={purpose} onInput={(e) => setPurpose(e.currentTarget.value)} />
              </div>
              <button type="submit" disabled={action.busy}>{t("consents.grant")}</button>
            </form>
          </>
        )}
      </Loading>
    </>
  );
}
