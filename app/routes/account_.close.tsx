import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requireViewer } from "~/auth/guards.server";
import { blankSessionCookie } from "~/auth/session.server";
import { now } from "~/clock.server";
import { Field, FieldError, FormAlert, Submit } from "~/components/form";
import { getDb } from "~/db.server";
import { secureCookies } from "~/env.server";
import { redirectWithFlash } from "~/web/flash.server";
import { useT, pageTitle } from "~/i18n";
import { closeAccount } from "~/features/accounts/personal-data.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.accountClose");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireViewer(request);
  return null;
}

type Errors = Parameters<typeof invalid>[0];

/** The password (to prove it is the person, not a borrowed session) and a ticked confirmation. */
function check(form: FormData): { password: string } | { errors: Errors } {
  const password = form.get("password");
  const errors: Errors = {};
  if (typeof password !== "string" || password === "") errors.password = { key: "v.required" };
  else if (password.length > 128) errors.password = { key: "v.passwordLong" };
  if (form.get("confirm") !== "yes") errors.confirm = { key: "account.closeMustConfirm" };
  return Object.keys(errors).length || typeof password !== "string" ? { errors } : { password };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const form = await readForm(request);
  const checked = check(form);
  if ("errors" in checked) return invalid(checked.errors, undefined, form);
  const r = await attempt(() => closeAccount(getDb(), { userId: viewer.user.id, password: checked.password }, now()), undefined, form);
  if (!r.ok) return r.response;
  return redirectWithFlash("/", { key: "account.closed" }, [blankSessionCookie(secureCookies())]);
}

export default function CloseAccount() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  return (
    <>
      <p>
        <Link to="/account">{t("sessions.back")}</Link>
      </p>
      <h1>{t("account.closeTitle")}</h1>
      <p>{t("account.closeIntro")}</p>
      <FormAlert msg={actionData?.formError} />
      <Form method="post" className="stack" noValidate>
        <Field name="password" label="field.password" type="password" autoComplete="current-password" errors={errors} />
        <div>
          <label>
            <input type="checkbox" name="confirm" value="yes" /> {t("account.closeConfirm")}
          </label>
          <FieldError name="confirm" errors={errors} />
        </div>
        <div>
          <Submit>{t("account.closeSubmit")}</Submit>
        </div>
      </Form>
    </>
  );
}
