import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { idParam, readForm, requireActionViewer, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { FieldError, FormAlert, Submit } from "~/components/form";
import { redirectWithFlash } from "~/web/flash.server";
import { idField, parseForm } from "~/web/forms.server";
import { useT, pageTitle } from "~/i18n";
import { AppError } from "~/features/errors";
import { mergeReport } from "~/features/requests/report-commands.server";
import { mergePage } from "~/features/requests/report-page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "title.mergeReport", { id: args.data?.r.id ?? "" });

async function pageOr(viewer: Awaited<ReturnType<typeof requireViewer>>, id: number) {
  try {
    return await mergePage(viewer, id);
  } catch (e) {
    if (e instanceof AppError) throw new Response(e.msg.key, { status: e.status });
    throw e;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return pageOr(await requireViewer(request), idParam(params.id));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const id = idParam(params.id);
  await pageOr(viewer, id);
  const form = await readForm(request);
  const parsed = parseForm(z.object({ into: idField }), form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, undefined, form);
  const r = await attempt(() => mergeReport(viewer.actor, { fromId: id, intoId: parsed.data.into }, now()), undefined, form);
  if (!r.ok) return r.response;
  return redirectWithFlash(`/requests/${id}`, { key: "direct.merged", vars: { id: r.value.into } });
}

/** A coordinator merges a duplicate report into another open request of the compound. */
export default function MergeReport() {
  const t = useT();
  const { r, targets } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <p className="crumbs">
        <Link to={`/requests/${r.id}`}>
          #{r.id} {r.title}
        </Link>
      </p>
      <h1>{t("direct.merge")}</h1>
      <p className="muted">{t("direct.mergeHint")}</p>
      <FormAlert msg={failed?.formError} />
      {targets.length === 0 ? (
        <p>{t("direct.noTargets")}</p>
      ) : (
        <Form method="post" className="stack">
          <div className="field">
            <label htmlFor="f-into">{t("direct.mergeInto")}</label>
            <select id="f-into" name="into" required>
              {targets.map((x) => (
                <option key={x.id} value={x.id}>
                  #{x.id} {x.title}
                </option>
              ))}
            </select>
            <FieldError name="into" errors={failed?.fieldErrors} />
          </div>
          <div>
            <Submit>{t("direct.mergeSubmit")}</Submit>
          </div>
        </Form>
      )}
    </>
  );
}
