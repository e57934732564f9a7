import { useState } from "preact/hooks";
import { loadCatalogue } from "../api/catalogue";
import { api, ok, versionTag } from "../api/client";
import type { Principal } from "../auth";
import { ProblemBox, Screen, useAction, useLoad } from "../components/common";
import { useI18n } from "../i18n/i18n";
import { go, href } from "../router";
import { DueDate, dueClass } from "./caseList";
import { PagedTable, usePaged } from "./paging";

/** The department's queue: filters, due-date colours (with words), claim. */
export function QueueScreen({ who, limit = 50 }: { who: Principal; limit?: number }) {
  const { t, name } = useI18n();
  const [status, setStatus] = useState("");
  const [mine, setMine] = useState(false);
  const action = useAction();
  const [number, setNumber] = useState("");
  const [search, setSearch] = useState("");
  const catalogue = useLoad(loadCatalogue, []);
  const paged = usePaged(
    (cursor) =>
      search
        ? ok(api.GET("/v1/search/cases", {
          params: { query: { case_number: search, purpose: t("purpose.find"), limit, ...(cursor ? { cursor } : {}) } },
        }))
        : ok(
          api.GET("/v1/departments/{department}/queue", {
            params: {
              path: { department: who.department },
              query: {
                limit,
                ...(cursor ? { cursor } : {}),
                ...(status ? { status: [status] } : {}),
                ...(mine ? { assignee: "me" } : {}),
              },
            },
          }),
        ),
    [who.department, status, mine, search, limit],
  );
  const claim = (caseId: string, version: number) =>
    void action.run(async () => {
      await ok(
        api.POST("/v1/cases/{case_id}/claim", {
          params: { path: { case_id: caseId }, header: { "if-match": versionTag(version) } },
        }),
      );
      go(href("staff", "cases", caseId));
    });
  return (
    <Screen title={t("queue.title", { department: who.department })}>
      <form class="filters" role="search" onSubmit={(e) => (e.preventDefault(), setSearch(number.trim()))}>
        <div class="field">
          <label for="queue-number">{t("queue.findNumber")}</label>
          <input id="queue-number" value={number} onInput={(e) => setNumber(e.currentTarget.value)} />
        </div>
        <button type="submit">{t("queue.find")}</button>
      </form>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="queue-status">{t("queue.status")}</label>
          <select id="queue-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">{t("queue.anyStatus")}</option>
            {["submitted", "accepted", "in_review", "awaiting_supplement", "suspended", "approved", "rejected"].map((s) => (
              <option value={s}>{t(`status.${s}` as Parameters<typeof t>[0])}</option>
            ))}
          </select>
        </div>
        <div class="field checkbox">
          <input id="queue-mine" type="checkbox" checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />
          <label for="queue-mine">{t("queue.mine")}</label>
        </div>
      </form>
      <ProblemBox error={action.error} />
      <PagedTable
        paged={paged}
        empty={t("queue.empty")}
        label={t("queue.caption")}
        columns={[t("queue.number"), t("queue.service"), t("queue.status"), t("queue.due"), t("queue.assignee")]}
        tableClass="queue"
        row={(c) => (
          <tr class={`due-${dueClass(c.due_date, c.final)}`}>
            <td>
              <a href={href("staff", "cases", c.id)}>{c.case_number}</a>
            </td>
            <td>{name(catalogue.data?.service_types.find((s) => s.code === c.service_type)?.name) || c.service_type}</td>
            <td>{c.status_label || c.status}</td>
            <td>
              <DueDate due={c.due_date} final={c.final} />
            </td>
            <td>
              {c.assignee ? (
                c.assignee === who.subject ? t("queue.me") : t("queue.taken")
              ) : (
                <button
                  type="button"
                  disabled={action.busy}
                  aria-label={t("queue.claimCase", { number: c.case_number })}
                  onClick={() => claim(c.id, c.version)}
                >
                  {t("queue.claim")}
                </button>
              )}
            </td>
          </tr>
        )}
      />
    </Screen>
  );
}
