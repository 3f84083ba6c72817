import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { Field, FormAlert, Submit } from "~/components/form";
import { redirectWithFlash } from "~/web/flash.server";
import { passwordField, parseForm } from "~/web/forms.server";
import { formatDate, useLocale, useT, pageTitle } from "~/i18n";
import { changePassword } from "~/features/accounts/commands.server";
import { accountPage } from "~/features/accounts/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.account");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  return accountPage(viewer.user);
}

const schema = () =>
  z.object({
    current: z.string({ required_error: "v.required" }).min(1, "v.required").max(128, "v.passwordLong"),
    next: passwordField,
  });

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const form = await readForm(request);
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, undefined, form);
  const result = await attempt(() =>
    changePassword({ userId: viewer.user.id, sessionId: viewer.sessionId, current: parsed.data.current, next: parsed.data.next }, now()),
  );
  if (!result.ok) return result.response;
  return redirectWithFlash("/account", { key: "auth.passwordChanged" });
}

export default function Account() {
  const t = useT();
  const locale = useLocale();
  const { phone, name, since, grants } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>{t("account.title")}</h1>
      <div className="card">
        <p>
          <strong>{name}</strong>
        </p>
        <p>{t("account.phone", { phone })}</p>
        {since ? <p className="muted">{t("account.since", { date: formatDate(since, locale) })}</p> : null}
        {grants.length > 0 ? (
          <>
            <h2>{t("home.myRoles")}</h2>
            <ul>
              {grants.map((g) => (
                <li key={g.id}>
                  {t(`role.${g.role}`)}
                  {g.place ? ` · ${g.place}` : ""}
                  {g.department ? ` · ${g.department}` : ""}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
      <p>
        <Link to="/account/sessions">{t("sessions.link")}</Link>
        {" · "}
        <Link to="/account/notices">{t("notice.prefsLink")}</Link>
        {" · "}
        <Link to="/account/contacts">{t("contact.title")}</Link>
      </p>
      <p>
        <Link to="/account/behalf">{t("behalf.actsLink")}</Link>
      </p>
      <h2>{t("account.dataTitle")}</h2>
      <p>{t("account.dataIntro")}</p>
      <p>
        <a href="/account/data" download>
          {t("account.download")}
        </a>
        {" · "}
        <Link to="/account/close">{t("account.closeLink")}</Link>
      </p>
      <h2>{t("auth.passwordTitle")}</h2>
      <FormAlert msg={actionData?.formError} />
      <Form method="post" className="stack" noValidate>
        <Field name="current" label="field.currentPassword" type="password" autoComplete="current-password" errors={actionData?.fieldErrors} />
        <Field name="next" label="field.newPassword" hint="hint.password" type="password" autoComplete="new-password" errors={actionData?.fieldErrors} />
        <div>
          <Submit>{t("auth.passwordSubmit")}</Submit>
        </div>
      </Form>
    </>
  );
}
