import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/actions.server";
import { readForm, requireActionViewer, requireAllowed, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { Field, FormAlert, Submit } from "~/components/form";
import { getDb } from "~/db.server";
import { canAdminister } from "~/domain/permissions";
import { redirectWithFlash } from "~/flash.server";
import { idField, parseForm, phoneField } from "~/forms.server";
import { TableWrap } from "~/components/table-wrap";
import { type MessageKey, useT } from "~/i18n";
import { listActiveGrants } from "~/models/roles.server";
import { grantRole, revokeRole } from "~/services/roles.server";

export const meta: MetaFunction = () => [{ title: "职务授予 · 共治" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  requireAllowed(viewer, canAdminister(viewer.actor));
  // Administrators see whole phone numbers.
  return { grants: await listActiveGrants(getDb()) };
}

const grantSchema = () => z.object({ phone: phoneField });
const revokeSchema = () => z.object({ grantId: idField });

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  requireAllowed(viewer, canAdminister(viewer.actor));
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  if (intent === "grant-admin") {
    const parsed = parseForm(grantSchema(), form);
    if (!parsed.ok) return invalid(parsed.fieldErrors, intent, form);
    const r = await attempt(() => grantRole(getDb(), viewer.actor, { phone: parsed.data.phone, role: "admin", placeId: null, departmentId: null }, now()), intent, form);
    if (!r.ok) return r.response;
    return redirectWithFlash("/admin/roles", { key: "roles.granted", vars: { name: r.value.user.name, role: "role.admin" } });
  }
  const parsed = parseForm(revokeSchema(), form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, intent, form);
  const r = await attempt(() => revokeRole(getDb(), viewer.actor, parsed.data, now()), intent, form);
  if (!r.ok) return r.response;
  return redirectWithFlash("/admin/roles", { key: "roles.revoked" });
}

export default function AdminRoles() {
  const t = useT();
  const { grants } = useLoaderData<typeof loader>();
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
                <td>{t(`role.${g.role}` as MessageKey)}</td>
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
      <h2>{t("roles.grantAdmin")}</h2>
      <Form method="post" className="stack" noValidate>
        <Field name="phone" label="field.phone" type="tel" inputMode="tel" errors={actionData?.intent === "grant-admin" ? actionData.fieldErrors : undefined} values={actionData?.intent === "grant-admin" ? actionData.values : undefined} maxLength={20} />
        <div>
          <Submit name="intent" value="grant-admin">
            {t("roles.grant")}
          </Submit>
        </div>
      </Form>
    </>
  );
}
