import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { attempt } from "~/web/actions.server";
import { redirectIfSignedIn, redirectWithSession } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { Field, FormAlert, PhoneField, Submit } from "~/components/form";
import { passwordField, phoneField, text } from "~/web/forms.server";
import { useT, pageTitle } from "~/i18n";
import { localeFor } from "~/web/locale.server";
import { readSignedOutForm } from "~/web/form-action.server";
import { register } from "~/features/accounts/commands.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.register");

const schema = () => z.object({ phone: phoneField, name: text(40), password: passwordField });

export async function loader({ request }: LoaderFunctionArgs) {
  return redirectIfSignedIn(request);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await readSignedOutForm(request, context, schema(), "register");
  if (!parsed.ok) return parsed.response;
  const form = parsed.form;
  const locale = localeFor(request, null);
  const result = await attempt(() => register({ ...parsed.data, locale, userAgent: request.headers.get("User-Agent") }, now()), undefined, form);
  if (!result.ok) return result.response;
  return redirectWithSession("/", result.value);
}

export default function Register() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  return (
    <>
      <h1>{t("auth.registerTitle")}</h1>
      <FormAlert msg={actionData?.formError} />
      <Form method="post" className="stack" noValidate>
        <PhoneField errors={errors} values={actionData?.values} />
        <Field name="name" label="field.name" autoComplete="name" errors={errors} values={actionData?.values} maxLength={40} />
        <Field
          name="password"
          label="field.password"
          hint="hint.password"
          type="password"
          autoComplete="new-password"
          errors={errors}
          values={actionData?.values}
        />
        <div>
          <Submit>{t("auth.registerSubmit")}</Submit>
        </div>
      </Form>
      <p>
        {t("auth.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </>
  );
}
