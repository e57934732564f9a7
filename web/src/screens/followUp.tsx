import { useState } from "preact/hooks";
import { api, ok } from "../api/client";
import { Loading, ProblemBox, Screen, useAction } from "../components/common";
import { useI18n } from "../i18n/i18n";
import { href } from "../router";
import { DueDate } from "./caseList";
import { MoreButton, usePaged } from "./paging";

/** Follow-up tasks from bad ratings: read the comment, call back, record the resolution. */
export function FollowUpScreen() {
  const { t } = useI18n();
  const state = usePaged(
    (cursor) => ok(api.GET("/v1/follow-up-tasks", { params: { query: { open_only: true, limit: 50, ...(cursor ? { cursor } : {}) } } })),
    [],
  );
  const [resolution, setResolution] = useState<Record<string, string>>({});
  const action = useAction();
  return (
    <Screen title={t("followUp.title")}>
      <ProblemBox error={action.error} />
      <Loading state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t("followUp.empty")}</p>
          ) : (
            <ul class="wallet">
              {page.items.map((task) => (
                <li class="card">
                  <h2>
                    <a href={href("staff", "cases", task.case_id)}>{task.case_number}</a> · {t("followUp.score", { score: task.score })}
                  </h2>
                  <p>{task.comment}</p>
                  <DueDate due={task.due_date} final={false} />
                  <form
                    noValidate
                    onSubmit={(e) => {
                      e.preventDefault();
                      void action.run(async () => {
                        await ok(api.POST("/v1/follow-up-tasks/{task_id}/completion", {
                          params: { path: { task_id: task.id } },
                          body: { resolution: resolution[task.id] ?? "" },
                        }));
                        state.reload();
                      });
                    }}
                  >
                    <div class="field">
                      <label for={`resolution-${task.id}`}>{t("followUp.resolution")}</label>
                      <textarea id={`resolution-${task.id}`} value={resolution[task.id] ?? ""} onInput={(e) => setResolution({ ...resolution, [task.id]: e.currentTarget.value })} />
                    </div>
                    <button type="submit" disabled={action.busy}>{t("followUp.complete")}</button>
                  </form>
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
      <MoreButton paged={state} />
    </Screen>
  );
}
