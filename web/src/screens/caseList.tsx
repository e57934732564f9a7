import type { CaseSummary } from "../api/client";
import { useI18n } from "../i18n/i18n";
import { href } from "../router";

/** "due" for a due date: overdue, due within 2 days, or later (colour plus words, not colour alone). */
export function dueClass(due: string, final: boolean): "overdue" | "soon" | "later" | "" {
  if (!due || final) return "";
  const days = (Date.parse(due) - Date.now()) / 86_400_000;
  if (days < 0) return "overdue";
  return days <= 2 ? "soon" : "later";
}

export function DueDate({ due, final }: { due: string; final: boolean }) {
  const { t, date } = useI18n();
  if (!due) return null;
  const kind = dueClass(due, final);
  return (
    <span class={`due ${kind}`}>
      {t("case.due", { date: date(due) })}
      {kind === "overdue" ? ` (${t("case.overdue")})` : kind === "soon" ? ` (${t("case.soon")})` : ""}
    </span>
  );
}

/** One case in a citizen's list: its number (a link), status text and due date. */
export function CaseLine({ c }: { c: CaseSummary }) {
  const { name } = useI18n();
  return (
    <>
      <a href={href("cases", c.id)}>{c.case_number}</a>{" "}
      <span class="status" data-status={c.status}>
        {c.status_label || name(c.status_text) || c.status}
      </span>{" "}
      <DueDate due={c.due_date} final={c.final} />
    </>
  );
}

/** A citizen's cases: number, service, status text (what is expected of me) and due date. */
export function CaseList({ cases, empty }: { cases: CaseSummary[]; empty: string }) {
  if (cases.length === 0) return <p>{empty}</p>;
  return (
    <ul class="list cases">
      {cases.map((c) => (
        <li>
          <CaseLine c={c} />
        </li>
      ))}
    </ul>
  );
}
