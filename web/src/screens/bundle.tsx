// Life events ("bundles"): one application files the cases of every part at once; the bundle's
// page shows each part with its status.
import { loadCatalogue } from "../api/catalogue";
import { api, ok, ProblemError, type DocumentMetadata, type Schemas } from "../api/client";
import { Loading, Screen, useLoad } from "../components/common";
import { useI18n } from "../i18n/i18n";
import { href } from "../router";
import { ApplicationForm, type Filed } from "./apply";
import { CaseLine } from "./caseList";

type BundleInfo = Schemas["cases_BundleInfo"];

function BundleForm({ bundle, wallet }: { bundle: BundleInfo; wallet: DocumentMetadata[] }) {
  const { t } = useI18n();
  const send = async (filed: Filed, key: string) => {
    const created = await ok(
      api.POST("/v1/bundles", {
        params: { header: { "idempotency-key": key } },
        body: { bundle_type: bundle.code, ...filed },
      }),
    );
    return href("bundles", created.id);
  };
  return (
    <ApplicationForm
      schemaJson={bundle.form_schema_json}
      documents={bundle.required_document_types.map((type) => ({ documentType: type, accepted: [] }))}
      wallet={wallet}
      submitLabel={t("bundle.submit")}
      send={send}
    />
  );
}

/** Apply for a life event: one form (the parts' fields), the documents the parts need. */
export function BundleApplyScreen({ code }: { code: string }) {
  const i18n = useI18n();
  const { t, name } = i18n;
  const state = useLoad(async () => {
    const catalogue = await loadCatalogue();
    const bundle = catalogue.bundles.find((b) => b.code === code);
    if (!bundle) throw new ProblemError({ type: "about:blank", title: t("apply.unknown"), status: 404, detail: code });
    const wallet = await ok(api.GET("/v1/me/wallet", { params: { query: { limit: 100 } } }));
    const parts = bundle.parts.map((p) => name(catalogue.service_types.find((s) => s.code === p.service_type)?.name) || p.service_type);
    return { bundle, parts, wallet: wallet.items };
  }, [code]);
  return (
    <Screen title={state.data ? t("bundle.applyTitle", { name: name(state.data.bundle.name) }) : t("apply.heading")}>
      <Loading state={state}>
        {({ bundle, parts, wallet }) => (
          <>
            <p>{t("bundle.intro")}</p>
            <ol class="list parts">
              {parts.map((p) => (
                <li>{p}</li>
              ))}
            </ol>
            <BundleForm bundle={bundle} wallet={wallet} />
          </>
        )}
      </Loading>
    </Screen>
  );
}

/** One life event: its number, state, and every part's case with its service, status and due date. */
export function BundleScreen({ bundleId }: { bundleId: string }) {
  const { t, name, date } = useI18n();
  const state = useLoad(async () => {
    const [bundle, catalogue] = await Promise.all([
      ok(api.GET("/v1/bundles/{bundle_id}", { params: { path: { bundle_id: bundleId } } })),
      loadCatalogue(),
    ]);
    return { bundle, catalogue };
  }, [bundleId]);
  return (
    <Screen title={state.data ? t("bundle.title", { number: state.data.bundle.bundle_number }) : t("bundle.heading")}>
      <Loading state={state}>
        {({ bundle: b, catalogue }) => (
          <>
            <p class="lead">{name(b.name) || b.bundle_type}</p>
            <p>
              <span class="status big" data-status={b.state}>
                {b.status_label || name(b.status_text) || t("dashboard.partsDecided", { decided: b.parts_decided, total: b.parts_total })}
              </span>
              {b.created_at ? ` ${t("bundle.filed", { date: date(b.created_at) })}` : ""}
            </p>
            <h2>{t("bundle.parts")}</h2>
            <ul class="list cases">
              {b.parts.map((c) => (
                <li>
                  <strong>{name(catalogue.service_types.find((s) => s.code === c.service_type)?.name) || c.service_type}</strong>
                  <br />
                  <CaseLine c={c} />
                </li>
              ))}
            </ul>
          </>
        )}
      </Loading>
    </Screen>
  );
}
