import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requireAllowed, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { FieldError, FormAlert } from "~/components/form";
import { TableForm } from "~/components/table-wrap";
import { canAdminister } from "~/domain/permissions";
import { OFFICE_LEVELS, type OfficeLevel, SUBCATEGORY_KEYS } from "~/domain/request-kinds";
import { redirectWithFlash } from "~/web/flash.server";
import { useT, pageTitle } from "~/i18n";
import { choice, idField, parseForm, parseSearch } from "~/web/forms.server";
import { responsibilitiesPage } from "~/features/requests/page.server";
import { setResponsibilities } from "~/features/requests/rules-commands.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.responsibilities");

const searchSchema = () => z.object({ street: idField.nullable().catch(null).default(null) });

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  requireAllowed(viewer, canAdminister(viewer.actor));
  return responsibilitiesPage(parseSearch(searchSchema, request.url).street);
}

/** A department's id, or none ("" or absent). */
const depField = () =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const n = Number(v);
      if (Number.isSafeInteger(n) && n > 0) return n;
      ctx.addIssue({ code: "custom", message: "v.choice" });
      return z.NEVER;
    });

/** The street, and for each sub-category the level that owns it and the department, if one. */
const saveSchema = () =>
  z.object({
    street: idField,
    ...Object.fromEntries(
      SUBCATEGORY_KEYS.flatMap((s) => [
        [`level-${s}`, choice(OFFICE_LEVELS)],
        [`dep-${s}`, depField()],
      ]),
    ),
  });

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  requireAllowed(viewer, canAdminister(viewer.actor));
  const form = await readForm(request);
  const parsed = parseForm(saveSchema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, "save", form);
  const streetId: number = parsed.data.street;
  const rows = SUBCATEGORY_KEYS.map((s) => ({
    subcategory: s,
    level: parsed.data[`level-${s}`] as OfficeLevel,
    departmentId: parsed.data[`dep-${s}`] as number | null,
  }));
  const r = await attempt(() => setResponsibilities(viewer.actor, { streetId, rows }, now()), "save", form);
  return r.ok ? redirectWithFlash(`/admin/responsibilities?street=${streetId}`, { key: "rules.saved" }) : r.response;
}

export default function Responsibilities() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <h1>{t("rules.responsibilities")}</h1>
      <p className="muted">{t("rules.listHint")}</p>
      <Form method="get" className="row">
        <div className="field">
          <label htmlFor="street">{t("rules.pickStreet")}</label>
          <select id="street" name="street" defaultValue={d.street?.id}>
            {d.streets.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          {t("metrics.show")}
        </button>
      </Form>
      {d.street ? (
        <section aria-labelledby="h-list">
          <h2 id="h-list">{t("rules.responsibilitiesOf", { street: d.street.name })}</h2>
          <FormAlert msg={failed?.formError} />
          <TableForm
            label={t("rules.responsibilities")}
            columns={[t("request.field.subcategory"), t("rules.owner"), t("rules.department")]}
            hidden={{ street: d.street.id }}
          >
            {d.list.map((r) => {
              const sub = t(`sub.${r.subcategory}`);
              return (
                <tr key={r.subcategory}>
                  <th scope="row">{sub}</th>
                  <td>
                    <select
                      name={`level-${r.subcategory}`}
                      aria-label={`${sub} ${t("rules.owner")}`}
                      defaultValue={failed?.values?.[`level-${r.subcategory}`] ?? r.level}
                    >
                      {OFFICE_LEVELS.map((l) => (
                        <option key={l} value={l}>
                          {t(`level.${l}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select
                      name={`dep-${r.subcategory}`}
                      aria-label={`${sub} ${t("rules.department")}`}
                      defaultValue={failed?.values?.[`dep-${r.subcategory}`] ?? r.departmentId ?? ""}
                    >
                      <option value="">{t("rules.noDepartment")}</option>
                      {d.departments.map((dep) => (
                        <option key={dep.id} value={dep.id}>
                          {dep.name}
                        </option>
                      ))}
                    </select>
                    <FieldError name={`dep-${r.subcategory}`} errors={failed?.fieldErrors} />
                  </td>
                </tr>
              );
            })}
          </TableForm>
        </section>
      ) : null}
    </>
  );
}
