import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireAllowed, requireViewer } from "~/auth/guards.server";
import { canAdminister } from "~/domain/permissions";
import { DataTable, MoreLink } from "~/components/table-wrap";
import { formatDateTime, isMessageKey, useLocale, useT, pageTitle } from "~/i18n";
import { auditPage } from "~/features/audit/page.server";
import { idField, parseSearch } from "~/web/forms.server";

export const meta: MetaFunction = (args) => pageTitle(args, "title.audit");

const searchSchema = () => z.object({ before: idField.optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  requireAllowed(viewer, canAdminister(viewer.actor));
  const { before } = parseSearch(searchSchema, request.url);
  return auditPage(before);
}

/** An entry's action in words ("办结了项目"), its key kept as a tooltip; an unknown key shows as it is. */
function ActionWords({ action, data }: { action: string; data: string | null }) {
  const t = useT();
  const key = `audit.act.${action}`;
  if (!isMessageKey(key)) return <code>{action}</code>;
  let vars: Record<string, string> | undefined;
  if (action === "proposal.transition" && data) {
    const d = JSON.parse(data) as { from?: string; to?: string };
    const state = (s: string | undefined) => {
      const k = `pstate.${s}`;
      return s && isMessageKey(k) ? t(k) : (s ?? "");
    };
    vars = { from: state(d.from), to: state(d.to) };
  }
  return <span title={action}>{t(key, vars)}</span>;
}

export default function Audit() {
  const t = useT();
  // The entity type is read from the log: named when the catalog knows it, shown as it is otherwise.
  const entity = (type: string) => {
    const k = `audit.entity.${type}`;
    return isMessageKey(k) ? t(k) : type;
  };
  const locale = useLocale();
  const { entries, next } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("audit.title")}</h1>
      {entries.length === 0 ? <p>{t("audit.empty")}</p> : null}
      <DataTable label={t("audit.title")} columns={[t("audit.at"), t("audit.action"), t("audit.target"), t("audit.reason")]}>
        {entries.map((e) => (
          <tr key={e.id}>
            <td>{formatDateTime(e.at, locale)}</td>
            <td>
              {/* Who did what, as one sentence: "李建华 办结了项目". */}
              <strong className="nowrap">{e.actedBy ? t("audit.byFor", { by: e.actedBy, for: e.actor ?? "" }) : (e.actor ?? t("audit.system"))}</strong>{" "}
              <ActionWords action={e.action} data={e.data} />
            </td>
            <td>
              {entity(e.entity_type)}
              {e.entity_id !== null ? ` #${e.entity_id}` : ""}
              {e.place ? ` · ${e.place}` : ""}
            </td>
            <td>{e.reason ?? ""}</td>
          </tr>
        ))}
      </DataTable>
      <MoreLink to={next ? `/admin/audit?before=${next}` : null}>{t("audit.older")}</MoreLink>
    </>
  );
}
