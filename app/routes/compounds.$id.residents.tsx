import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requirePlace, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { Address } from "~/components/address";
import { FormAlert, ReasonForm } from "~/components/form";
import { redirectWithFlash } from "~/web/flash.server";
import { idField, parseForm, text } from "~/web/forms.server";
import { formatDate, useLocale, useT, pageTitle } from "~/i18n";
import { endResidency } from "~/features/residency/commands.server";
import { residentsPage } from "~/features/residency/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.residents");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const compound = await requirePlace(viewer, params.id, "residents.list", "compound");
  return residentsPage(viewer, compound);
}

const schema = () => z.object({ residencyId: idField, reason: text(200) });

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const compound = await requirePlace(viewer, params.id, "residency.end", "compound");
  const form = await readForm(request);
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, String(form.get("residencyId") ?? ""), form);
  const result = await attempt(() => endResidency(viewer.actor, parsed.data, now()), String(parsed.data.residencyId), form);
  if (!result.ok) return result.response;
  return redirectWithFlash(`/compounds/${compound.id}/residents`, { key: "residents.ended", vars: { name: result.value.name } });
}

export default function Residents() {
  const t = useT();
  const locale = useLocale();
  const { compound, residents } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>{t("residents.title", { compound: compound.name })}</h1>
      {actionData && !residents.some((r) => String(r.id) === actionData.intent) ? <FormAlert msg={actionData.formError} /> : null}
      {residents.length === 0 ? <p>{t("residents.empty")}</p> : null}
      <ul className="plain">
        {residents.map((r) => {
          const failed = actionData?.intent === String(r.id) ? actionData : null;
          return (
            <li key={r.id}>
              <div className="row">
                <span className="grow">
                  <strong>{r.name}</strong> <span className="muted">{r.phone}</span>
                  <br />
                  <Address building={r.building} unit={r.unit} room={r.room} /> · {t(`relation.${r.relation}`)} ·{" "}
                  <span className="muted">
                    {t(`method.${r.method}`)} · {t("residents.since")} {formatDate(r.decided_at ?? r.created_at, locale)}
                  </span>
                </span>
              </div>
              <FormAlert msg={failed?.formError} />
              <ReasonForm
                summary={t("residents.end")}
                label={t("residents.endReason")}
                hidden={{ residencyId: r.id }}
                submit={{}}
                failed={failed}
                idSuffix={r.id}
              />
            </li>
          );
        })}
      </ul>
    </>
  );
}
