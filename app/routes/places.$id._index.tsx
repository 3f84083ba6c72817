import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requirePlace, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { Area } from "~/components/address";
import { Field, FieldError, FormAlert, NameForm, Submit, SubmitRow } from "~/components/form";
import { ROLES } from "~/domain/permissions";
import { mayHoldDepartments } from "~/domain/places";
import { redirectWithFlash } from "~/web/flash.server";
import { choice, idField, parseForm, phoneField, text } from "~/web/forms.server";
import { TableWrap } from "~/components/table-wrap";
import { type MessageKey, useT, pageTitle } from "~/i18n";
import { addDepartment, addPlace } from "~/features/places/commands.server";
import { placePage } from "~/features/places/page.server";
import { grantRole, revokeRole } from "~/features/roles/commands.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "title.place", { name: args.data?.place.name ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const place = await requirePlace(viewer, params.id, "place.view");
  return placePage(viewer, place);
}

const schemas = () => ({
  "add-place": z.object({ name: text(40) }),
  "add-department": z.object({ name: text(40) }),
  "grant-role": z.object({
    phone: phoneField,
    role: choice(ROLES as unknown as ["admin", ...string[]]),
    departmentId: z.union([z.literal("").transform(() => null), idField]).optional(),
  }),
  "revoke-role": z.object({ grantId: idField }),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const at = now();
  const back = (key: MessageKey, vars?: Record<string, string | number>) => redirectWithFlash(`/places/${params.id}`, { key, vars });
  switch (intent) {
    case "add-place":
    case "add-department": {
      const place = await requirePlace(viewer, params.id, "place.create");
      const parsed = parseForm(schemas()[intent], form);
      if (!parsed.ok) return invalid(parsed.fieldErrors, intent, form);
      const { name } = parsed.data;
      const add = (): Promise<unknown> =>
        intent === "add-place" ? addPlace(viewer.actor, { parentId: place.id, name }, at) : addDepartment(viewer.actor, { placeId: place.id, name }, at);
      const r = await attempt(add, intent, form);
      return r.ok ? back("places.added", { name }) : r.response;
    }
    case "grant-role": {
      const place = await requirePlace(viewer, params.id, "role.grant");
      const parsed = parseForm(schemas()[intent], form);
      if (!parsed.ok) return invalid(parsed.fieldErrors, intent, form);
      const { phone, role, departmentId } = parsed.data;
      const r = await attempt(
        () => grantRole(viewer.actor, { phone, role: role as (typeof ROLES)[number], placeId: place.id, departmentId: departmentId ?? null }, at),
        intent,
        form,
      );
      return r.ok ? back("roles.granted", { name: r.value.user.name, role: `role.${role}` }) : r.response;
    }
    case "revoke-role": {
      await requirePlace(viewer, params.id, "role.grant");
      const parsed = parseForm(schemas()[intent], form);
      if (!parsed.ok) return invalid(parsed.fieldErrors, intent, form);
      const r = await attempt(() => revokeRole(viewer.actor, parsed.data, at), intent, form);
      return r.ok ? back("roles.revoked") : r.response;
    }
    default:
      return invalid({ intent: { key: "v.choice" } });
  }
}

export default function PlacePage() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errorsFor = (intent: string) => (actionData?.intent === intent ? actionData.fieldErrors : undefined);
  return (
    <>
      {d.crumbs.length > 0 ? (
        <nav className="crumbs" aria-label={t("places.title")}>
          <ol>
            {d.crumbs.map((c) => (
              <li key={c.id}>
                <Link to={`/places/${c.id}`}>{c.name}</Link>
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
      <h1>
        <span className="badge">{t(`kind.${d.place.kind}`)}</span> {d.place.name}
      </h1>
      {d.place.kind === "compound" ? (
        <p>
          <Link to={`/compounds/${d.place.id}`}>{t("home.openCompound")}</Link>
          {d.may.roster ? (
            <>
              {" · "}
              <Link to={`/places/${d.place.id}/roster`}>{t("places.roster")}</Link>
            </>
          ) : null}
        </p>
      ) : null}
      {["compound", "community", "street"].includes(d.place.kind) ? (
        <p>
          <Link to={`/places/${d.place.id}/metrics`}>{t("metrics.link")}</Link>
        </p>
      ) : null}
      <FormAlert msg={actionData?.formError} />

      {d.childKind ? (
        <section aria-labelledby="h-children">
          <h2 id="h-children">{t("places.children")}</h2>
          {d.children.length === 0 ? <p>{t("places.none")}</p> : null}
          <ul className="plain">
            {d.children.map((c) => (
              <li key={c.id}>
                <Link to={`/places/${c.id}`}>{c.name}</Link>
              </li>
            ))}
          </ul>
          {d.may.create ? <NameForm intent="add-place" label={t("places.addChild", { kind: t(`kind.${d.childKind}`) })} failed={actionData} /> : null}
        </section>
      ) : null}

      {d.dwellings ? (
        <section aria-labelledby="h-dwellings">
          <h2 id="h-dwellings">{t("places.dwellings")}</h2>
          <TableWrap label={t("places.dwellings")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("field.unit")}</th>
                  <th scope="col">{t("field.room")}</th>
                  <th scope="col">{t("field.area")}</th>
                  <th scope="col">{t("status.verified")}</th>
                </tr>
              </thead>
              <tbody>
                {d.dwellings.map((w) => (
                  <tr key={w.id}>
                    <td>{w.unit}</td>
                    <td>{w.room}</td>
                    <td>
                      <Area centi={w.area_centi} />
                    </td>
                    <td>{w.verified > 0 ? t("places.occupied", { count: w.verified }) : t("places.vacant")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : null}

      {mayHoldDepartments(d.place.kind) ? (
        <section aria-labelledby="h-deps">
          <h2 id="h-deps">{t("places.departments")}</h2>
          {d.departments.length === 0 ? <p>{t("places.none")}</p> : null}
          <ul className="plain">
            {d.departments.map((x) => (
              <li key={x.id}>{x.name}</li>
            ))}
          </ul>
          {d.may.create ? <NameForm intent="add-department" label={t("places.addDepartment")} failed={actionData} /> : null}
        </section>
      ) : null}

      {d.may.grant ? (
        <section aria-labelledby="h-roles">
          <h2 id="h-roles">{t("places.roles")}</h2>
          {d.grants.length === 0 ? <p>{t("roles.none")}</p> : null}
          <ul className="plain">
            {d.grants.map((g) => (
              <li key={g.id} className="row">
                <span className="grow">
                  {g.name} <span className="muted">{g.phone}</span> · {t(`role.${g.role}`)}
                  {g.department ? ` · ${g.department}` : ""}
                </span>
                <Form method="post">
                  <input type="hidden" name="grantId" value={g.id} />
                  <Submit name="intent" value="revoke-role" className="secondary">
                    {t("roles.revoke")}
                  </Submit>
                </Form>
              </li>
            ))}
          </ul>
          {d.grantableRoles.length > 0 ? (
            <>
              <h3>{t("places.grantRole")}</h3>
              <Form method="post" className="stack">
                <Field
                  name="phone"
                  label="field.phone"
                  type="tel"
                  inputMode="tel"
                  errors={errorsFor("grant-role")}
                  values={actionData?.intent === "grant-role" ? actionData.values : undefined}
                  maxLength={20}
                  id="f-grant-phone"
                />
                <div className="field">
                  <label htmlFor="f-role">{t("field.role")}</label>
                  <select id="f-role" name="role" defaultValue={actionData?.intent === "grant-role" ? actionData.values?.role : undefined}>
                    {d.grantableRoles.map((r) => (
                      <option key={r} value={r}>
                        {t(`role.${r}`)}
                      </option>
                    ))}
                  </select>
                  <FieldError name="role" errors={errorsFor("grant-role")} />
                </div>
                {d.departments.length > 0 ? (
                  <div className="field">
                    <label htmlFor="f-department">{t("field.department")}</label>
                    <select
                      id="f-department"
                      name="departmentId"
                      defaultValue={actionData?.intent === "grant-role" ? actionData.values?.departmentId : undefined}
                    >
                      <option value="">{t("common.none")}</option>
                      {d.departments.map((x) => (
                        <option key={x.id} value={x.id}>
                          {x.name}
                        </option>
                      ))}
                    </select>
                    <FieldError name="department" errors={errorsFor("grant-role")} />
                  </div>
                ) : null}
                <SubmitRow name="intent" value="grant-role">
                  {t("roles.grant")}
                </SubmitRow>
              </Form>
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
