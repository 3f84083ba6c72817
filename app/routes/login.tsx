import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, redirectIfSignedIn, redirectWithSession, requireSameOrigin, safeRedirect } from "~/auth/guards.server";
import { DEVICE_COOKIE, readCookie } from "~/auth/session.server";
import { now } from "~/clock.server";
import { Field, FormAlert, Submit } from "~/components/form";
import { parseForm, phoneField } from "~/web/forms.server";
import { useT, pageTitle } from "~/i18n";
import { clientAddress, overLimit } from "~/web/limits.server";
import { signIn } from "~/features/accounts/commands.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.login");

const schema = () =>
  z.object({
    phone: phoneField,
    password: z.string({ required_error: "v.required" }).min(1, "v.required").max(128, "v.passwordLong"),
    redirectTo: z.string().optional(),
  });

export async function loader({ request }: LoaderFunctionArgs) {
  return redirectIfSignedIn(request);
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const form = await readForm(request);
  const parsed = parseForm(schema(), form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, undefined, form);
  const over = overLimit("signin", { address: clientAddress(context) }, undefined, form);
  if (over) return over;
  const device = { address: clientAddress(context), deviceToken: readCookie(request.headers.get("Cookie"), DEVICE_COOKIE) };
  const result = await attempt(() => signIn({ ...parsed.data, userAgent: request.headers.get("User-Agent"), ...device }, now()), undefined, form);
  if (!result.ok) return result.response;
  return redirectWithSession(safeRedirect(parsed.data.redirectTo), result.value);
}

export default function Login() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.fieldErrors;
  return (
    <>
      <h1>{t("auth.loginTitle")}</h1>
      <FormAlert msg={actionData?.formError} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <Field
          name="phone"
          label="field.phone"
          hint="hint.phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          errors={errors}
          values={actionData?.values}
          maxLength={20}
        />
        <Field name="password" label="field.password" type="password" autoComplete="current-password" errors={errors} values={actionData?.values} />
        <div>
          <Submit>{t("auth.loginSubmit")}</Submit>
        </div>
      </Form>
      <p>
        {t("auth.noAccount")} <Link to="/register">{t("nav.register")}</Link>
      </p>
    </>
  );
}
