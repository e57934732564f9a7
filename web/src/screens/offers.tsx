import { api, ok, type Schemas } from "../api/client";
import { known, ProblemBox, useAction } from "../components/common";
import { useI18n } from "../i18n/i18n";
import { go, href } from "../router";

type Offer = Schemas["cases_Offer"];

/** Offers the city makes from what already happened (a certificate issued …): one-step yes/no. */
export function Offers({ offers, onChange }: { offers: Offer[]; onChange: () => void }) {
  const { t, name } = useI18n();
  const action = useAction();
  const open = offers.filter((o) => !/confirmed|declined|expired/i.test(o.state));
  if (open.length === 0) return null;
  return (
    <section aria-labelledby="dash-offers">
      <h2 id="dash-offers">{t("offers.title")}</h2>
      <ProblemBox error={action.error} />
      <ul class="wallet">
        {open.map((o) => {
          const missing = [...o.missing_fields.map((f) => known(t, "field", f)), ...o.missing_document_types.map((d) => known(t, "doctype", d))];
          return (
            <li class="card">
              <h3>{name(o.title) || o.service_type}</h3>
              {missing.length ? <p>{t("offers.missing", { what: missing.join("、") })}</p> : <p>{t("offers.ready")}</p>}
              <div class="actions">
                {missing.length === 0 ? (
                  <button
                    type="button"
                    disabled={action.busy}
                    onClick={() =>
                      void action.run(async () => {
                        const filed = await ok(api.POST("/v1/offers/{offer_id}/confirmation", { params: { path: { offer_id: o.id } }, body: {} }));
                        go(href("cases", filed.case_id)); // the offer, now confirmed, names the case it filed
                      })
                    }
                  >
                    {t("offers.confirm")}
                  </button>
                ) : (
                  <a href={href("apply", o.service_type)}>{t("offers.apply")}</a>
                )}
                <button
                  type="button"
                  class="secondary"
                  disabled={action.busy}
                  onClick={() =>
                    void action.run(async () => {
                      await ok(api.POST("/v1/offers/{offer_id}/declination", { params: { path: { offer_id: o.id } }, body: {} }));
                      onChange();
                    })
                  }
                >
                  {t("offers.decline")}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
