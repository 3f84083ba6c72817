import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requireAllowed, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { Address } from "~/components/address";
import { FormAlert, ReasonForm, Submit } from "~/components/form";
import { canAnywhere } from "~/domain/permissions";
import { redirectWithFlash } from "~/web/flash.server";
import { choice, idField, optionalText, parseForm } from "~/web/forms.server";
import { formatDateTime, useLocale, useT, pageTitle } from "~/i18n";
import { reviewClaim } from "~/features/residency/commands.server";
import { reviewPage } from "~/features/residency/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.review");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  requireAllowed(viewer, canAnywhere(viewer.actor, "residency.review"));
  return reviewPage(viewer);
}

const schema = () =>
  z.object({
    residencyId: idField,
    decision: choice(["approve", "reject"] as const),
    reason: optionalText(200),
  });

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const form = await readForm(request);
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, String(form.get("residencyId") ?? ""), form);
  const result = await attempt(() => reviewClaim(viewer.actor, parsed.data, now()), String(parsed.data.residencyId), form);
  if (!result.ok) return result.response;
  return redirectWithFlash("/review", {
    key: parsed.data.decision === "approve" ? "review.approved" : "review.rejected",
    vars: { name: result.value.name },
  });
}

export default function Review() {
  const t = useT();
  const locale = useLocale();
  const { claims } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>{t("review.title")}</h1>
      {actionData && !claims.some((c) => String(c.id) === actionData.intent) ? <FormAlert msg={actionData.formError} /> : null}
      {claims.length === 0 ? <p>{t("review.empty")}</p> : null}
      <ul className="plain">
        {claims.map((c) => {
          const failed = actionData?.intent === String(c.id) ? actionData : null;
          return (
            <li key={c.id} className="card" aria-labelledby={`claim-${c.id}`}>
              <h2 id={`claim-${c.id}`}>
                {c.name} <span className="muted">{c.phone}</span>
              </h2>
              <p>
                {c.compound} · <Address building={c.building} unit={c.unit} room={c.room} /> · {t(`relation.${c.relation}`)}
              </p>
              <p className="muted">
                {t("review.claimedAt")}
                {formatDateTime(c.createdAt, locale)} · {c.onRoster ? t("review.ownerOnRoster") : t("review.notOnRoster")}
              </p>
              {c.note ? <p>{c.note}</p> : null}
              <FormAlert msg={failed?.formError} />
              <div className="row">
                <Form method="post">
                  <input type="hidden" name="residencyId" value={c.id} />
                  <Submit name="decision" value="approve">
                    {t("review.approve")}
                  </Submit>
                </Form>
                <ReasonForm
                  summary={t("review.reject")}
                  label={t("review.rejectReason")}
                  hidden={{ residencyId: c.id }}
                  submit={{ name: "decision", value: "reject" }}
                  failed={failed}
                  idSuffix={c.id}
                />
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
