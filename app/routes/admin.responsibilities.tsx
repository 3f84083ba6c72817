import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requireAllowed, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { FieldError, FormAlert, Submit } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { z } from "zod";
import { canAdminister } from "~/domain/permissions";
import { OFFICE_LEVELS, type OfficeLevel, SUBCATEGORY_KEYS } from "~/domain/request-kinds";
import { redirectWithFlash } from "~/web/flash.server";
import { type MessageKey, useT, pageTitle } from "~/i18n";
import { idField, parseSearch } from "~/web/forms.server";
import { responsibilitiesPage } from "~/features/requests/page.server";
import { setResponsibilities } from "~/features/requests/rules-commands.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.responsibilities");

const searchSchema = z.object({ street: idField.nullable().catch(null).default(null) });

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  requireAllowed(viewer, canAdminister(viewer.actor));
  return responsibilitiesPage(parseSearch(searchSchema, request.url).street);
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  requireAllowed(viewer, canAdminister(viewer.actor));
  const form = await readForm(request);
  const streetId = Number(form.get("street"));
  if (!Number.isSafeInteger(streetId) || streetId <= 0) return invalid({ street: { key: "v.id" } }, "save", form);
  const rows: { subcategory: string; level: OfficeLevel; departmentId: number | null }[] = [];
  const errors: Record<string, { key: MessageKey }> = {};
  for (const s of SUBCATEGORY_KEYS) {
    const level = form.get(`level-${s}`);
    const dep = String(form.get(`dep-${s}`) ?? "");
    if (typeof level !== "string" || !(OFFICE_LEVELS as readonly string[]).includes(level)) errors[`level-${s}`] = { key: "v.choice" };
    const depId = dep === "" ? null : Number(dep);
    if (depId !== null && (!Number.isSafeInteger(depId) || depId <= 0)) errors[`dep-${s}`] = { key: "v.choice" };
    rows.push({ subcategory: s, level: level as OfficeLevel, departmentId: depId });
  }
  if (Object.keys(errors).length) return invalid(errors, "save", form);
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
          <Form method="post" className="stack">
            <input type="hidden" name="street" value={d.street.id} />
            <TableWrap label={t("rules.responsibilities")}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("request.field.subcategory")}</th>
                    <th scope="col">{t("rules.owner")}</th>
                    <th scope="col">{t("rules.department")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.list.map((r) => {
                    const sub = t(`sub.${r.subcategory}`);
                    return (
                      <tr key={r.subcategory}>
                        <th scope="row">{sub}</th>
                        <td>
                          <select name={`level-${r.subcategory}`} aria-label={`${sub} ${t("rules.owner")}`} defaultValue={failed?.values?.[`level-${r.subcategory}`] ?? r.level}>
                            {OFFICE_LEVELS.map((l) => (
                              <option key={l} value={l}>
                                {t(`level.${l}`)}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          <select name={`dep-${r.subcategory}`} aria-label={`${sub} ${t("rules.department")}`} defaultValue={failed?.values?.[`dep-${r.subcategory}`] ?? r.departmentId ?? ""}>
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
                </tbody>
              </table>
            </TableWrap>
            <div>
              <Submit>{t("common.save")}</Submit>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}
