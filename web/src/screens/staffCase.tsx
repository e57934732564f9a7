import { useState } from "preact/hooks";
import { serviceType } from "../api/catalogue";
import { api, caseWithEtag, downloadContent, ok, versionTag, type Case, type ServiceType } from "../api/client";
import { principal } from "../auth";
import { known, Loading, ProblemBox, Screen, saveBlob, useAction, useLoad } from "../components/common";
import { useI18n } from "../i18n/i18n";
import { DueDate } from "./caseList";
import { Decision, Timeline } from "./timeline";

type Act = ReturnType<typeof useAction>;
// Statuses with their own form (a decision, a supplement request) or not staff's to choose.
const OWN_FORMS = new Set(["approved", "rejected", "awaiting_supplement", "withdrawn"]);

/** Runs a write with If-Match the version on screen (so nobody overwrites a change they have
 * not seen), then shows the case the write answers (a read right after it may still lag). */
async function write(item: Case, send: (etag: string) => Promise<Case>, show: (c: Case) => void): Promise<void> {
  show(await send(versionTag(item.version)));
}

function allowed(service: ServiceType, item: Case) {
  const roles = new Set(principal()?.roles ?? []);
  return service.transitions.filter(
    (tr) => tr.from_status === item.status && tr.roles.some((r) => roles.has(r)),
  );
}

function Transitions({ item, service, act, reload }: { item: Case; service: ServiceType; act: Act; reload: (c: Case) => void }) {
  const { t, name } = useI18n();
  const [reason, setReason] = useState("");
  const moves = allowed(service, item).filter((tr) => !OWN_FORMS.has(tr.to_status));
  if (moves.length === 0) return null;
  const statusName = (code: string) => name(service.statuses.find((s) => s.code === code)?.text) || code;
  return (
    <section class="card" aria-labelledby="moves-title">
      <h2 id="moves-title">{t("staff.moves")}</h2>
      <div class="field">
        <label for="move-reason">{t("staff.reason")}</label>
        <input id="move-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
      <div class="actions">
        {moves.map((tr) => (
          <button
            type="button"
            disabled={act.busy}
            onClick={() =>
              void act.run(() =>
                write(item, (etag) =>
                  ok(api.POST("/v1/cases/{case_id}/transitions", {
                    params: { path: { case_id: item.id }, header: { "if-match": etag } },
                    body: { to_status: tr.to_status, reason },
                  })), reload),
              )
            }
          >
            {t("staff.moveTo", { status: statusName(tr.to_status) })}
          </button>
        ))}
      </div>
    </section>
  );
}

function DecisionForm({ item, service, act, reload }: { item: Case; service: ServiceType; act: Act; reload: (c: Case) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const outcomes = allowed(service, item).map((tr) => tr.to_status).filter((s) => s === "approved" || s === "rejected");
  if (outcomes.length === 0) return null;
  const decide = (outcome: "approved" | "rejected") =>
    void act.run(() =>
      write(item, (etag) =>
        ok(api.POST("/v1/cases/{case_id}/decision", {
          params: { path: { case_id: item.id }, header: { "if-match": etag } },
          body: { outcome, reason },
        })), reload),
    );
  return (
    <section class="card" aria-labelledby="decide-title">
      <h2 id="decide-title">{t("staff.decide")}</h2>
      <div class="field">
        <label for="decision-reason">{t("staff.decisionReason")}</label>
        <textarea id="decision-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
      <div class="actions">
        {outcomes.includes("approved") ? (
          <button type="button" disabled={act.busy} onClick={() => decide("approved")}>
            {t("staff.approve")}
          </button>
        ) : null}
        {outcomes.includes("rejected") ? (
          <button type="button" class="danger" disabled={act.busy} onClick={() => decide("rejected")}>
            {t("staff.reject")}
          </button>
        ) : null}
      </div>
    </section>
  );
}

function SupplementForm({ item, service, act, reload }: { item: Case; service: ServiceType; act: Act; reload: (c: Case) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const [types, setTypes] = useState<string[]>([]);
  if (!allowed(service, item).some((tr) => tr.to_status === "awaiting_supplement")) return null;
  const all = service.required_documents.map((r) => r.document_type);
  return (
    <form
      class="card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void act.run(() =>
          write(item, (etag) =>
            ok(api.POST("/v1/cases/{case_id}/supplement-requests", {
              params: { path: { case_id: item.id }, header: { "if-match": etag } },
              body: { reason, requested_document_types: types },
            })), reload),
        );
      }}
    >
      <h2>{t("staff.requestSupplement")}</h2>
      <div class="field">
        <label for="supplement-reason">{t("staff.supplementReason")}</label>
        <textarea id="supplement-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
      <fieldset>
        <legend>{t("staff.supplementDocuments")}</legend>
        {all.map((type) => (
          <div class="checkbox">
            <input
              id={`supplement-${type}`}
              type="checkbox"
              checked={types.includes(type)}
              onChange={(e) => setTypes(e.currentTarget.checked ? [...types, type] : types.filter((x) => x !== type))}
            />
            <label for={`supplement-${type}`}>{known(t, "doctype", type)}</label>
          </div>
        ))}
      </fieldset>
      <button type="submit" disabled={act.busy}>
        {t("staff.sendSupplement")}
      </button>
    </form>
  );
}

function ExtendForm({ item, service, act, reload }: { item: Case; service: ServiceType; act: Act; reload: (c: Case) => void }) {
  const { t } = useI18n();
  const [days, setDays] = useState("");
  const [reason, setReason] = useState("");
  if (!service.allows_extension || item.final || item.decision?.outcome) return null;
  return (
    <form
      class="card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void act.run(() =>
          write(item, (etag) =>
            ok(api.POST("/v1/cases/{case_id}/deadline-extensions", {
              params: { path: { case_id: item.id }, header: { "if-match": etag } },
              body: { working_days: Number(days), reason },
            })), reload),
        );
      }}
    >
      <h2>{t("staff.extend")}</h2>
      <div class="field">
        <label for="extend-days">{t("staff.extendDays", { max: service.max_extension_working_days })}</label>
        <input id="extend-days" type="number" min={1} max={service.max_extension_working_days} value={days} onInput={(e) => setDays(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="extend-reason">{t("staff.reason")}</label>
        <input id="extend-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
      <button type="submit" disabled={act.busy}>
        {t("staff.extendSend")}
      </button>
    </form>
  );
}

function Claim({ item, act, reload }: { item: Case; act: Act; reload: (c: Case) => void }) {
  const { t } = useI18n();
  const me = principal()?.subject;
  if (item.final) return null;
  if (item.assignee) return <p>{item.assignee === me ? t("staff.yours") : t("staff.someoneElse")}</p>;
  return (
    <button
      type="button"
      disabled={act.busy}
      onClick={() =>
        void act.run(() =>
          write(item, (etag) =>
            ok(api.POST("/v1/cases/{case_id}/claim", { params: { path: { case_id: item.id }, header: { "if-match": etag } } })), reload),
        )
      }
    >
      {t("queue.claim")}
    </button>
  );
}

/** Staff's view of a case: form, documents, history; claim, move, decide, supplement, extend. */
export function StaffCaseScreen({ caseId }: { caseId: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const act = useAction();
  const state = useLoad(async () => {
    const { item } = await caseWithEtag(caseId, t("purpose.read"));
    const service = await serviceType(item.service_type);
    return { item, service };
  }, [caseId]);
  const show = (item: Case) => state.set({ item, service: state.data?.service });
  return (
    <Screen title={state.data ? t("case.title", { number: state.data.item.case_number }) : t("case.heading")}>
      <Loading state={state}>
        {({ item, service }) => (
          <>
            <p class="lead">{i18n.name(item.service_type_name) || item.service_type}</p>
            <p>
              <span class="status big" data-status={item.status}>
                {item.status_label || i18n.name(item.status_text) || item.status}
              </span>{" "}
              <DueDate due={item.due_date} final={item.final} />
            </p>
            <ProblemBox error={act.error} />
            <Decision item={item} />
            <Claim item={item} act={act} reload={show} />
            {service ? (
              <>
                <DecisionForm item={item} service={service} act={act} reload={show} />
                <Transitions item={item} service={service} act={act} reload={show} />
                <SupplementForm item={item} service={service} act={act} reload={show} />
                <ExtendForm item={item} service={service} act={act} reload={show} />
              </>
            ) : null}
            <h2>{t("staff.form")}</h2>
            <dl class="form-values">
              {Object.entries(item.form ?? {}).map(([k, v]) => (
                <>
                  <dt>{known(t, "field", k)}</dt>
                  <dd>{String(v)}</dd>
                </>
              ))}
            </dl>
            <h2>{t("case.documents")}</h2>
            <ul class="list">
              {item.documents.map((d) => (
                <li>
                  {known(t, "doctype", d.document_type)} · {known(t, "docstate", d.state)}{" "}
                  {d.document_id ? (
                    <button
                      type="button"
                      class="link"
                      onClick={() => void act.run(async () => saveBlob(await downloadContent(d.document_id, t("purpose.read")), `${d.document_type}`))}
                    >
                      {t("wallet.download")}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
            <h2>{t("case.timeline")}</h2>
            <Timeline item={item} />
          </>
        )}
      </Loading>
    </Screen>
  );
}
