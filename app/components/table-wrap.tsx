import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Submit } from "~/components/form";
import { useT } from "~/i18n";

/** A wide table scrolls sideways on a phone; the scrolling region is focusable and named for keyboards. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be reachable by keyboard
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** A table with one header row of column titles; `children` are the body rows. */
export function DataTable({ label, columns, children }: { label: string; columns: readonly string[]; children: ReactNode }) {
  return (
    <TableWrap label={label}>
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableWrap>
  );
}

/** A table of fields saved together: a post form with its hidden inputs, the table, and one save button. */
export function TableForm(props: { label: string; columns: readonly string[]; hidden: Record<string, string | number>; children: ReactNode }) {
  const t = useT();
  return (
    <Form method="post" className="stack">
      {Object.entries(props.hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <DataTable label={props.label} columns={props.columns}>
        {props.children}
      </DataTable>
      <div>
        <Submit>{t("common.save")}</Submit>
      </div>
    </Form>
  );
}

/** The link to the next page of a long list, when there is one. */
export function MoreLink({ to, children }: { to: string | null; children: ReactNode }) {
  return to ? (
    <p>
      <Link to={to}>{children}</Link>
    </p>
  ) : null;
}
