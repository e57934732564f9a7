import type { ComponentChildren } from "preact";

/** A table that scrolls sideways on a narrow screen: the scrolling box is a region named
 * ``label`` and reachable by keyboard (tabIndex 0), so keyboard users can scroll it too (axe:
 * scrollable-region-focusable). ``caption`` names the table itself as well, for screen readers
 * (where no heading just above already says what it is). */
export function TableRegion({
  label,
  columns,
  caption = false,
  tableClass,
  children,
}: {
  label: string;
  columns: string[];
  caption?: boolean;
  tableClass?: string;
  /** the rows */
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={label}>
      <table class={tableClass}>
        {caption ? <caption class="visually-hidden">{label}</caption> : null}
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
