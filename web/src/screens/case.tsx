import { useState } from "preact/hooks";
import { api, ok, versionTag, type Case, type DocumentMetadata } from "../api/client";
import { known, ProblemBox, Loading, Screen, useAction, useLoad } from "../components/common";
import { useI18n } from "../i18n/i18n";
import { href } from "../router";
import { DocumentSlot } from "./apply";
import { DueDate } from "./caseList";
import { Decision, Timeline } from "./timeline";

/** The open supplement request, answered with documents and a comment. */
function SupplementAnswer({ item, wallet, onDone }: { item: Case; wallet: DocumentMetadata[]; onDone: (c: Case) => void }) {
  const { t } = useI18n();
  const open = item.supplements.find((s) => !s.provided_at);
  const [slots, setSlots] = useState<Record<string, { documentId: string; fileName: string; progress: number | null; error: unknown }>>({});
  const [comment, setComment] = useState("");
  const action = useAction();
  if (!open) return null;
  const send = (e: Event) => {
    e.preventDefault();
    void action.run(async () => {
      const changed = await ok(
        api.POST("/v1/cases/{case_id}/supplements", {
          params: { path: { case_id: item.id }, header: { "if-match": versionTag(item.version) } },
          body: { comment, document_ids: Object.values(slots).map((s) => s.documentId).filter(Boolean) },
        }),
      );
      onDone(changed);
    });
  };
  return (
    <section aria-labelledby="supplement-title" class="card attention">
      <h2 id="supplement-title">{t("case.supplementRequested")}</h2>
      <p>{open.reason}</p>
      <form onSubmit={send} noValidate>
        {open.requested_document_types.map((type) => (
          <DocumentSlot
            documentType={type}
            accepted={[]}
            wallet={wallet}
            slot={slots[type]}
            error={undefined}
            onChange={(s) => setSlots((all) => ({ ...all, [type]: s }))}
          />
        ))}
        <div class="field">
          <label for="supplement-comment">{t("case.comment")}</label>
          <textarea id="supplement-comment" value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
        </div>
        <ProblemBox error={action.error} />
        <button type="submit" disabled={action.busy}>
          {t("case.sendSupplement")}
        </button>
      </form>
    </section>
  );
}

/** Rating after the case is closed (1–5 and a comment). */
function Rating({ item }: { item: Case }) {
  const { t } = useI18n();
  const [score, setScore] = useState("");
  const [comment, setComment] = useState("");
  const [done, setDone] = useState(false);
  const action = useAction();
  if (!item.final || item.status === "withdrawn") return null;
  if (done) return <p role="status">{t("case.thanks")}</p>;
  const send = (e: Event) => {
    e.preventDefault();
    void action.run(async () => {
      await ok(
        api.POST("/v1/cases/{case_id}/rating", {
          params: { path: { case_id: item.id } },
          body: { score: Number(score), comment },
        }),
      );
      setDone(true);
    });
  };
  return (
    <form class="card" onSubmit={send} noValidate>
      <h2>{t("case.rate")}</h2>
      <div class="field">
        <label for="rating-score">{t("case.score")}</label>
        <select id="rating-score" value={score} onChange={(e) => setScore(e.currentTarget.value)}>
          <option value="">{t("form.choose")}</option>
          {[5, 4, 3, 2, 1].map((n) => (
            <option value={String(n)}>{"★".repeat(n)} ({n})</option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="rating-comment">{t("case.comment")}</label>
        <textarea id="rating-comment" value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      </div>
      <ProblemBox error={action.error} />
      <button type="submit" disabled={action.busy}>
        {t("case.sendRating")}
      </button>
    </form>
  );
}

function Withdraw({ item, onDone }: { item: Case; onDone: (c: Case) => void }) {
  const { t } = useI18n();
  const action = useAction();
  if (item.final || item.decision?.outcome) return null;
  return (
    <div>
      <ProblemBox error={action.error} />
      <button
        type="button"
        class="secondary"
        disabled={action.busy}
        onClick={() =>
          window.confirm(t("case.withdrawConfirm")) &&
          void action.run(async () => {
            const changed = await ok(
              api.POST("/v1/cases/{case_id}/withdrawal", {
                params: { path: { case_id: item.id }, header: { "if-match": versionTag(item.version) } },
                body: { reason: "" },
              }),
            );
            onDone(changed);
          })
        }
      >
        {t("case.withdraw")}
      </button>
    </div>
  );
}

/** A citizen's case: status, due date, timeline, decision, documents, supplements, rating. */
export function CaseScreen({ caseId }: { caseId: string }) {
  const { t, name } = useI18n();
  const state = useLoad(async () => {
    const [item, wallet] = await Promise.all([
      ok(api.GET("/v1/cases/{case_id}", { params: { path: { case_id: caseId }, query: {} } })),
      ok(api.GET("/v1/me/wallet", { params: { query: { limit: 100 } } })),
    ]);
    return { item, wallet: wallet.items };
  }, [caseId]);
  return (
    <Screen title={state.data ? t("case.title", { number: state.data.item.case_number }) : t("case.heading")}>
      <Loading state={state}>
        {({ item, wallet }) => {
          const receipt = wallet.find((d) => d.case_id === item.id && d.kind === "receipt");
          const certificate = wallet.find((d) => d.case_id === item.id && d.kind === "certificate");
          return (
            <>
              <p class="lead">{name(item.service_type_name) || item.service_type}</p>
              <p>
                <span class="status big" data-status={item.status}>
                  {item.status_label || name(item.status_text) || item.status}
                </span>{" "}
                <DueDate due={item.due_date} final={item.final} />
              </p>
              <Decision item={item} />
              {certificate ? (
                <p>
                  <a href={href("wallet")}>{t("case.certificateInWallet")}</a>
                </p>
              ) : null}
              {receipt ? (
                <p>
                  <a href={href("wallet")}>{t("case.receipt")}</a>
                </p>
              ) : null}
              <SupplementAnswer item={item} wallet={wallet} onDone={(c) => state.set({ item: c, wallet })} />
              <h2>{t("case.timeline")}</h2>
              <Timeline item={item} />
              <h2>{t("case.documents")}</h2>
              <ul class="list">
                {item.documents.map((d) => (
                  <li>
                    {known(t, "doctype", d.document_type)} · {known(t, "docstate", d.state)}
                  </li>
                ))}
              </ul>
              <Rating item={item} />
              <Withdraw item={item} onDone={(c) => state.set({ item: c, wallet })} />
            </>
          );
        }}
      </Loading>
    </Screen>
  );
}
