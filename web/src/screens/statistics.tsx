import { useState } from "preact/hooks";
import { api, ok } from "../api/client";
import type { Principal } from "../auth";
import { Loading, Screen, useLoad } from "../components/common";
import { TableRegion } from "../components/table";
import { useI18n } from "../i18n/i18n";

function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** Supervisors and department admins: live backlog and handling statistics of the department. */
export function StatisticsScreen({ who }: { who: Principal }) {
  const { t, date } = useI18n();
  const [from, setFrom] = useState(isoDay(-30));
  const [to, setTo] = useState(isoDay(0));
  const state = useLoad(async () => {
    const [backlog, stats] = await Promise.all([
      ok(api.GET("/v1/statistics/backlog", { params: { query: { department: who.department } } })),
      ok(api.GET("/v1/statistics", { params: { query: { date_from: from, date_to: to, group_by: "month", department: who.department } } })),
    ]);
    return { backlog, stats };
  }, [from, to, who.department]);
  return (
    <Screen title={t("stats.title", { department: who.department })}>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="stats-from">{t("stats.from")}</label>
          <input id="stats-from" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="stats-to">{t("stats.to")}</label>
          <input id="stats-to" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </div>
      </form>
      <Loading state={state}>
        {({ backlog, stats }) => (
          <>
            <h2>{t("stats.backlog", { at: date(backlog.as_of) })}</h2>
            <TableRegion
              label={t("stats.backlog", { at: date(backlog.as_of) })}
              columns={[t("stats.office"), t("stats.open"), t("stats.dueSoon"), t("stats.overdue")]}
            >
              {backlog.rows.map((r) => (
                <tr>
                  <td>{r.office || r.department}</td>
                  <td>{r.open}</td>
                  <td>{r.due_soon}</td>
                  <td>{r.overdue}</td>
                </tr>
              ))}
            </TableRegion>
            <h2>{t("stats.handling")}</h2>
            <TableRegion
              label={t("stats.handling")}
              columns={[
                t("stats.period"),
                t("queue.service"),
                t("stats.received"),
                t("stats.closed"),
                t("stats.onTime"),
                t("stats.satisfaction"),
              ]}
            >
              {stats.rows.map((r) => {
                const ratings = Object.entries(r.ratings ?? {});
                const count = ratings.reduce((n, [, c]) => n + Number(c), 0);
                const mean = count ? ratings.reduce((s, [score, c]) => s + Number(score) * Number(c), 0) / count : null;
                return (
                  <tr>
                    <td>{r.period_start}</td>
                    <td>{r.service_type}</td>
                    <td>{r.received}</td>
                    <td>{r.closed}</td>
                    <td>{r.closed ? `${Math.round((100 * r.closed_on_time) / r.closed)}%` : "–"}</td>
                    <td>{mean === null ? "–" : mean.toFixed(1)}</td>
                  </tr>
                );
              })}
            </TableRegion>
          </>
        )}
      </Loading>
    </Screen>
  );
}
