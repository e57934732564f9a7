import { api, ok } from "../api/client";
import { Loading, ProblemBox, Screen, useAction, useLoad } from "../components/common";
import { useI18n } from "../i18n/i18n";
import { href } from "../router";

/** Notices from the departments; opening one marks it read. */
export function InboxScreen() {
  const { t, date } = useI18n();
  const state = useLoad(() => ok(api.GET("/v1/me/inbox", { params: { query: { limit: 50 } } })), []);
  const action = useAction();
  const markRead = (id: string) =>
    void action.run(async () => {
      await ok(api.POST("/v1/me/inbox/{notice_id}/read", { params: { path: { notice_id: id } } }));
      state.reload();
    });
  return (
    <Screen title={t("inbox.title")}>
      <ProblemBox error={action.error} />
      <Loading state={state}>
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
                        <a href={href("cases", n.case_id)}>{n.case_number}</a>
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
    </Screen>
  );
}
