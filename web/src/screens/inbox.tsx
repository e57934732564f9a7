import { api, ok } from "../api/client";
import { Loading, ProblemBox, Screen, useAction } from "../components/common";
import { useI18n } from "../i18n/i18n";
import { href } from "../router";
import { MoreButton, usePaged } from "./paging";

/** Notices from the departments (a staff member's own notices for staff); opening one marks it
 * read. Older notices page in with "More". */
export function InboxScreen({ limit = 20, staff = false }: { limit?: number; staff?: boolean }) {
  const { t, date } = useI18n();
  const paged = usePaged(
    (cursor) => ok(api.GET("/v1/me/inbox", { params: { query: { limit, ...(cursor ? { cursor } : {}) } } })),
    [limit],
  );
  const action = useAction();
  const markRead = (id: string) =>
    void action.run(async () => {
      await ok(api.POST("/v1/me/inbox/{notice_id}/read", { params: { path: { notice_id: id } } }));
      const shown = paged.data;
      if (shown) paged.set({ ...shown, items: shown.items.map((n) => (n.id === id ? { ...n, read_at: new Date().toISOString() } : n)) });
    });
  const caseLink = (caseId: string) => (staff ? href("staff", "cases", caseId) : href("cases", caseId));
  return (
    <Screen title={staff ? t("inbox.staffTitle") : t("inbox.title")}>
      <ProblemBox error={action.error} />
      <Loading state={paged}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t("inbox.empty")}</p>
          ) : (
            <ul class="inbox">
              {page.items.map((n) => (
                <li class={`card notice-item${n.read_at ? "" : " unread"}`}>
                  <h2>
                    {n.read_at ? null : <span class="badge">{t("inbox.new")}</span>} {n.title}
                  </h2>
                  <p class="meta">
                    {date(n.created_at)}
                    {n.case_number ? (
                      <>
                        {" · "}
                        <a href={caseLink(n.case_id)}>{n.case_number}</a>
                      </>
                    ) : null}
                  </p>
                  <p>{n.body}</p>
                  {n.read_at ? null : (
                    <button type="button" class="secondary" disabled={action.busy} onClick={() => markRead(n.id)}>
                      {t("inbox.markRead")}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
      <MoreButton paged={paged} />
    </Screen>
  );
}
