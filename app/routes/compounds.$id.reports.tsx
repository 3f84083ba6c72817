import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requirePlace, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { FormAlert, Submit } from "~/components/form";
import { redirectWithFlash } from "~/web/flash.server";
import { idField, parseForm } from "~/web/forms.server";
import { formatDateTime, useLocale, useT, pageTitle } from "~/i18n";
import { dismissReport } from "~/features/threads/moderation-commands.server";
import { reportQueue } from "~/features/threads/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.reports");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const compound = await requirePlace(viewer, params.id, "thread.moderate", "compound");
  return reportQueue(compound);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const compound = await requirePlace(viewer, params.id, "thread.moderate", "compound");
  const form = await readForm(request);
  const parsed = parseForm(z.object({ reportId: idField }), form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, undefined, form);
  const r = await attempt(() => dismissReport(viewer.actor, { reportId: parsed.data.reportId, compoundPath: compound.path }, now()), undefined, form);
  if (!r.ok) return r.response;
  return redirectWithFlash(`/compounds/${compound.id}/reports`, { key: "report.dismissed" });
}

/** Open reports; hiding happens on the proposal page (with a public reason) and resolves the reports. */
export default function Reports() {
  const t = useT();
  const locale = useLocale();
  const { compound, reports } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <h1>
        {t("report.queue")} · {compound}
      </h1>
      <FormAlert msg={failed?.formError} />
      {reports.length === 0 ? <p>{t("report.empty")}</p> : null}
      <ul className="plain">
        {reports.map((r) => (
          <li key={r.id} className="card">
            <p>
              <strong>{t(`reportReason.${r.reason}`)}</strong> ·{" "}
              <span className="muted">
                {t("report.by", { name: r.reporter })} · {formatDateTime(r.created_at, locale)}
              </span>
            </p>
            {r.note ? <p>{r.note}</p> : null}
            <p>
              {t("report.target")}：<Link to={`/proposals/${r.proposal_id}${r.comment_id ? `#c-${r.comment_id}` : ""}`}>{r.title}</Link>
            </p>
            {r.comment_html ? <div className="prose hidden-note" dangerouslySetInnerHTML={{ __html: r.comment_html }} /> : null}
            <Form method="post">
              <input type="hidden" name="reportId" value={r.id} />
              <Submit className="secondary">{t("report.dismiss")}</Submit>
            </Form>
          </li>
        ))}
      </ul>
    </>
  );
}
