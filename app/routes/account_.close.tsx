import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requireViewer } from "~/auth/guards.server";
import { blankSessionCookie } from "~/auth/session.server";
import { now } from "~/clock.server";
import { Field, FieldError, FormAlert, Submit } from "~/components/form";
import { secureCookies } from "~/env.server";
import { redirectWithFlash } from "~/web/flash.server";
import { useT, pageTitle } from "~/i18n";
import { parseForm } from "~/web/forms.server";
import { closeAccount } from "~/features/accounts/commands.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.accountClose");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireViewer(request);
  return null;
}

/** The password (to prove it is the person, not a borrowed session) and a ticked confirmation. */
const schema = () =>
  z.object({
    password: z.string({ required_error: "v.required", invalid_type_error: "v.required" }).min(1, "v.required").max(128, "v.passwordLong"),
    confirm: z.literal("yes", { errorMap: () => ({ message: "account.closeMustConfirm" }) }),
  });

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const form = await readForm(request);
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, undefined, form);
  const r = await attempt(() => closeAccount({ userId: viewer.user.id, password: parsed.data.password }, now()), undefined, form);
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
