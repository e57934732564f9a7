// Lists that follow the gateway's `next` links: the first page loads with the screen, a "More"
// button appends the page `next` names (its `cursor`) until the gateway answers without `next`.
import type { ComponentChildren } from "preact";
import { Loading, ProblemBox, useAction, useLoad, type Loaded } from "../components/common";
import { TableRegion } from "../components/table";
import { useI18n } from "../i18n/i18n";

export interface PageOf<T> {
  items: T[];
  next?: string | null;
}

interface Pages<T> {
  items: T[];
  next: string | null;
}

export interface Paged<T> extends Loaded<Pages<T>> {
  more: () => void;
  moreBusy: boolean;
  moreError: unknown;
}

/** The cursor of a page's ``next`` (the gateway answers the URL of the next page). */
export function cursorOf(next: string): string {
  try {
    return new URL(next, window.location.origin).searchParams.get("cursor") ?? next;
  } catch {
    return next;
  }
}

/** A page size from the route (``?limit=``, 1–100), else ``fallback``. */
export function pageLimit(query: URLSearchParams, fallback = 20): number {
  const n = Number(query.get("limit"));
  return Number.isInteger(n) && n >= 1 && n <= 100 ? n : fallback;
}

/** Loads the first page when ``deps`` change; ``more()`` appends the page after the last one. */
export function usePaged<T>(load: (cursor: string | undefined) => Promise<PageOf<T>>, deps: unknown[]): Paged<T> {
  const first = useLoad(async () => {
    const page = await load(undefined);
    return { items: page.items, next: page.next || null };
  }, deps);
  const action = useAction();
  const more = () =>
    void action.run(async () => {
      const shown = first.data;
      if (!shown?.next) return;
      const page = await load(cursorOf(shown.next));
      first.set({ items: [...shown.items, ...page.items], next: page.next || null });
    });
  return { ...first, more, moreBusy: action.busy, moreError: action.error };
}

/** How many are shown, and the "More" button while the gateway has a next page. */
export function MoreButton<T>({ paged }: { paged: Paged<T> }) {
  const { t } = useI18n();
  if (!paged.data || paged.data.items.length === 0) return null;
  return (
    <div class="more">
      <p class="meta" role="status">
        {t("paging.shown", { count: paged.data.items.length })}
      </p>
      <ProblemBox error={paged.moreError} />
      {paged.data.next ? (
        <button type="button" class="secondary" disabled={paged.moreBusy} onClick={paged.more}>
          {paged.moreBusy ? t("common.loading") : t("paging.more")}
        </button>
      ) : null}
    </div>
  );
}

/** A paged list shown as a table (captioned, in a labelled scrollable region): ``empty`` when
 * there is nothing, else a row per item; then how many are shown and "More". */
export function PagedTable<T>({
  paged,
  empty,
  label,
  columns,
  tableClass,
  row,
}: {
  paged: Paged<T>;
  empty: string;
  label: string;
  columns: string[];
  tableClass?: string;
  row: (item: T) => ComponentChildren;
}) {
  return (
    <>
      <Loading state={paged}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{empty}</p>
          ) : (
            <TableRegion label={label} columns={columns} caption tableClass={tableClass}>
              {page.items.map(row)}
            </TableRegion>
          )
        }
      </Loading>
      <MoreButton paged={paged} />
    </>
  );
}
