import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requireAllowed, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { FormAlert, Submit, SubmitRow, Field, FieldError } from "~/components/form";
import { ROLES, canAdminister } from "~/domain/permissions";
import { PLACE_KINDS } from "~/domain/places";
import { redirectWithFlash } from "~/web/flash.server";
import { choice, idField, parseForm, parseSearch, phoneField } from "~/web/forms.server";
import { TableWrap } from "~/components/table-wrap";
import { useT, pageTitle } from "~/i18n";
import { grantRole, revokeRole } from "~/features/roles/commands.server";
import { rolesPage } from "~/features/roles/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.roles");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  requireAllowed(viewer, canAdminister(viewer.actor));
  return rolesPage(parseSearch(searchSchema, request.url).place);
}

/** The place picker: places whose name holds the text searched for, or (none) the levels above compounds. */
const searchSchema = () =>
  z.object({
    place: z
      .string()
      .transform((s) => s.trim().slice(0, 40) || null)
      .catch(null),
  });

type RoleName = (typeof ROLES)[number];
type RolesPage = Awaited<ReturnType<typeof rolesPage>>;

const grantSchema = () => z.object({ phone: phoneField });
const emptyIsNull = () => z.literal("").transform(() => null);
/** Any role at any place: the service refuses a role at the wrong kind of place, or staff without a department. */
const grantAnySchema = () =>
  z.object({
    phone: phoneField,
    role: choice(ROLES as unknown as [RoleName, ...RoleName[]]),
    placeId: z.union([emptyIsNull(), idField]).default(""),
    departmentId: z.union([emptyIsNull(), idField]).default(""),
  });
const revokeSchema = () => z.object({ grantId: idField });

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  requireAllowed(viewer, canAdminister(viewer.actor));
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  if (intent === "grant-admin") {
    const parsed = parseForm(grantSchema, form);
    if (!parsed.ok) return invalid(parsed.fieldErrors, intent, form);
    const r = await attempt(() => grantRole(viewer.actor, { phone: parsed.data.phone, role: "admin", placeId: null, departmentId: null }, now()), intent, form);
    if (!r.ok) return r.response;
    return redirectWithFlash("/admin/roles", { key: "roles.granted", vars: { name: r.value.user.name, role: "role.admin" } });
  }
  if (intent === "grant-role") {
    const parsed = parseForm(grantAnySchema, form);
    if (!parsed.ok) return invalid(parsed.fieldErrors, intent, form);
    const { phone, role, placeId, departmentId } = parsed.data;
    const r = await attempt(() => grantRole(viewer.actor, { phone, role, placeId: placeId ?? null, departmentId: departmentId ?? null }, now()), intent, form);
    if (!r.ok) return r.response;
    return redirectWithFlash("/admin/roles", { key: "roles.granted", vars: { name: r.value.user.name, role: `role.${role}` } });
  }
  const parsed = parseForm(revokeSchema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, intent, form);
  const r = await attempt(() => revokeRole(viewer.actor, parsed.data, now()), intent, form);
  if (!r.ok) return r.response;
  return redirectWithFlash("/admin/roles", { key: "roles.revoked" });
}

/** A form to grant any role at any place, without script: the place is found by name, then picked from a list. */
function GrantAny({ places, departments, text }: Pick<RolesPage, "places" | "departments" | "text">) {
  const t = useT();
  const failed = useActionData<typeof action>();
  const mine = failed?.intent === "grant-role";
  const errors = mine ? failed.fieldErrors : undefined;
  const values = mine ? failed.values : undefined;
  return (
    <section aria-labelledby="h-grant-any">
      <h2 id="h-grant-any">{t("roles.grantAny")}</h2>
      <Form method="get" className="row" role="search">
        <div className="field grow">
          <label htmlFor="f-place-search">{t("roles.findPlace")}</label>
          <input id="f-place-search" name="place" type="search" defaultValue={text} maxLength={40} />
        </div>
        <button type="submit" className="secondary">
          {t("search.submit")}
        </button>
      </Form>
      <p className="muted">{text ? t("roles.placesFound", { count: places.length, text }) : t("roles.placesHint")}</p>
      <Form method="post" action={text ? `?place=${encodeURIComponent(text)}` : undefined} className="stack" noValidate>
        <Field name="phone" label="field.phone" type="tel" inputMode="tel" errors={errors} values={values} maxLength={20} id="f-any-phone" />
        <div className="field">
          <label htmlFor="f-any-role">{t("field.role")}</label>
          <select id="f-any-role" name="role" defaultValue={values?.role ?? "coordinator"}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
          <FieldError name="role" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="f-any-place">{t("roles.place")}</label>
          <select id="f-any-place" name="placeId" defaultValue={values?.placeId ?? ""}>
            <option value="">{t("roles.noPlace")}</option>
            {PLACE_KINDS.map((k) => {
              const here = places.filter((p) => p.kind === k);
              return here.length > 0 ? (
                <optgroup key={k} label={t(`kind.${k}`)}>
                  {here.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.parent ? `${p.name}（${p.parent}）` : p.name}
                    </option>
                  ))}
                </optgroup>
              ) : null;
            })}
          </select>
          <FieldError name="placeId" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="f-any-department">{t("field.department")}</label>
          <select id="f-any-department" name="departmentId" defaultValue={values?.departmentId ?? ""} aria-describedby="f-any-department-hint">
            <option value="">{t("common.none")}</option>
            {departments.map((x) => (
              <option key={x.id} value={x.id}>
                {x.place} · {x.name}
              </option>
            ))}
          </select>
          <span className="hint" id="f-any-department-hint">
            {t("roles.departmentHint")}
          </span>
          <FieldError name="department" errors={errors} />
        </div>
        <SubmitRow name="intent" value="grant-role">
          {t("roles.grant")}
        </SubmitRow>
      </Form>
    </section>
  );
}

export default function AdminRoles() {
  const t = useT();
  const { grants, places, departments, text } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>{t("roles.title")}</h1>
      <FormAlert msg={actionData?.formError} />
      <h2>{t("roles.active")}</h2>
      <TableWrap label={t("roles.active")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("field.name")}</th>
              <th scope="col">{t("field.role")}</th>
              <th scope="col">{t("roles.at")}</th>
              <th scope="col">
                <span className="skip">{t("roles.revoke")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {grants.map((g) => (
              <tr key={g.id}>
                <td>
                  {g.name}
                  <br />
                  <span className="muted">{g.phone}</span>
                </td>
                <td>{t(`role.${g.role}`)}</td>
                <td>
                  {g.place_id ? <Link to={`/places/${g.place_id}`}>{g.place}</Link> : t("roles.wholeDeployment")}
                  {g.department ? ` · ${g.department}` : ""}
                </td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="grantId" value={g.id} />
                    <Submit name="intent" value="revoke" className="secondary">
                      {t("roles.revoke")}
                    </Submit>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <GrantAny places={places} departments={departments} text={text} />
      <h2>{t("roles.grantAdmin")}</h2>
      <Form method="post" className="stack" noValidate>
        <Field
          name="phone"
          label="field.phone"
          type="tel"
          inputMode="tel"
          errors={actionData?.intent === "grant-admin" ? actionData.fieldErrors : undefined}
          values={actionData?.intent === "grant-admin" ? actionData.values : undefined}
          maxLength={20}
        />
        <div>
          <Submit name="intent" value="grant-admin">
            {t("roles.grant")}
          </Submit>
        </div>
      </Form>
    </>
  );
}
