import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { Field, FieldError, FormAlert, Submit } from "~/components/form";
import { redirectWithFlash } from "~/web/flash.server";
import { choice, idField, optionalText, parseForm, parseSearch, text } from "~/web/forms.server";
import { useT, pageTitle } from "~/i18n";
import { RELATIONS, RelationChoice } from "~/components/relation";
import { claimDwelling } from "~/features/residency/commands.server";
import { claimPage } from "~/features/residency/page.server";
import { asResident } from "~/features/audit/acting.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.claim");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireViewer(request);
  return claimPage(parseSearch(searchSchema, request.url));
}

/** `?q=` a compound's name to search for; `?compound=` the compound picked. */
const searchSchema = () =>
  z.object({
    q: z
      .string()
      .transform((s) => s.trim().slice(0, 40))
      .catch(""),
    compound: idField.nullable().catch(null),
  });

const schema = () =>
  z.object({
    compoundId: idField,
    building: text(20),
    unit: text(10),
    room: text(10),
    relation: choice(RELATIONS),
    note: optionalText(200),
  });

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request, "residency.claim");
  const form = await readForm(request);
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, undefined, form);
  const result = await attempt(() => asResident(viewer, () => claimDwelling(viewer.user.id, parsed.data, now())), undefined, form);
  if (!result.ok) return result.response;
  return redirectWithFlash("/", { key: "claim.submitted" });
}

export default function Claim() {
  const t = useT();
  const { q, compound, buildings, matches } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  return (
    <>
      <h1>{t("claim.title")}</h1>
      <p>
        <Link to="/redeem">{t("claim.codeInstead")}</Link>
      </p>
      {compound ? (
        <>
          <h2>{t("claim.dwellingStep", { compound: compound.name })}</h2>
          <p>
            <Link to="/claim">{t("claim.changeCompound")}</Link>
          </p>
          <FormAlert msg={actionData?.formError} />
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="compoundId" value={compound.id} />
            <div className="field">
              <label htmlFor="f-building">{t("field.building")}</label>
              <select id="f-building" name="building" defaultValue={actionData?.values?.building} required aria-invalid={errors?.building ? true : undefined}>
                {buildings.map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </select>
              <FieldError name="building" errors={errors} />
            </div>
            <Field name="unit" label="field.unit" inputMode="numeric" errors={errors} values={actionData?.values} maxLength={10} />
            <Field name="room" label="field.room" inputMode="numeric" errors={errors} values={actionData?.values} maxLength={10} />
            <RelationChoice errors={errors} value={actionData?.values?.relation} />
            <Field name="note" label="field.note" errors={errors} values={actionData?.values} required={false} maxLength={200} />
            <div>
              <Submit>{t("claim.submit")}</Submit>
            </div>
          </Form>
        </>
      ) : (
        <>
          <h2>{t("claim.pickCompound")}</h2>
          <Form method="get" className="row" role="search">
            <div className="field grow">
              <label htmlFor="f-q">{t("field.compound")}</label>
              <input id="f-q" name="q" defaultValue={q} placeholder={t("claim.searchHint")} maxLength={40} />
            </div>
            <button type="submit">{t("claim.searchSubmit")}</button>
          </Form>
          {q && matches.length === 0 ? <p>{t("claim.noMatch", { q })}</p> : null}
          <ul className="plain">
            {matches.map((m) => (
              <li key={m.id} className="row">
                <span className="grow">
                  {m.name} <span className="muted">· {m.community}</span>
                </span>
                <Link to={`/claim?compound=${m.id}`} aria-label={`${t("claim.choose")} ${m.name}`}>
                  {t("claim.choose")}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
