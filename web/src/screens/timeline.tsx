import type { Case } from "../api/client";
import { known } from "../components/common";
import { useI18n } from "../i18n/i18n";

/** The case's history as a list of steps, newest last. */
export function Timeline({ item }: { item: Case }) {
  const { t, date } = useI18n();
  return (
    <ol class="timeline">
      {item.history.map((h) => {
        return (
          <li>
            <time dateTime={h.at ?? ""}>{date(h.at)}</time>{" "}
            <strong>{known(t, "action", h.action)}</strong>
            {h.to_status && h.to_status !== h.from_status ? ` → ${known(t, "status", h.to_status)}` : ""}
            {h.actor_department ? ` · ${h.actor_department}` : ""}
            {h.reason ? <p class="reason">{h.reason}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}

/** The decision, when there is one. */
export function Decision({ item }: { item: Case }) {
  const { t, date } = useI18n();
  if (!item.decision || !item.decision.outcome) return null;
  return (
    <div class={`decision ${item.decision.outcome}`} role="status">
      <strong>{item.decision.outcome === "approved" ? t("case.approved") : t("case.rejected")}</strong>{" "}
      {date(item.decision.decided_at)}
      {item.decision.reason ? <p>{item.decision.reason}</p> : null}
    </div>
  );
}
