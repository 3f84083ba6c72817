import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { attempt } from "~/web/actions.server";
import { redirectIfSignedIn, redirectWithSession, safeRedirect } from "~/auth/guards.server";
import { DEVICE_COOKIE, readCookie } from "~/auth/session.server";
import { now } from "~/clock.server";
import { Field, FormAlert, PhoneField, Submit } from "~/components/form";
import { phoneField } from "~/web/forms.server";
import { useT, pageTitle } from "~/i18n";
import { clientAddress } from "~/web/limits.server";
import { readSignedOutForm } from "~/web/form-action.server";
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
  const parsed = await readSignedOutForm(request, context, schema(), "signin");
  if (!parsed.ok) return parsed.response;
  const form = parsed.form;
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
        <PhoneField errors={errors} values={actionData?.values} />
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
