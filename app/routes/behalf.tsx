import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { forbidden, readForm, requireBehalfAct, requireSameOrigin, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { Field, FormAlert, Submit } from "~/components/form";
import { ON_BEHALF_MINUTES, mayActOnBehalf } from "~/domain/permissions";
import { CODE_MINUTES, FORM_NUMBER_MAX } from "~/domain/on-behalf";
import { redirectWithFlash } from "~/web/flash.server";
import { idField, parseForm, parseSearch, phoneField } from "~/web/forms.server";
import { useT, pageTitle } from "~/i18n";
import { confirmCode, sendCode, startWithPaper } from "~/features/on-behalf/commands.server";
import { behalfBanner } from "~/features/on-behalf/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.behalf");

const searchSchema = () => z.object({ consent: idField.nullable().catch(null), phone: z.string().max(20).catch("") });

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  if (viewer.onBehalf) return { acting: behalfBanner(viewer, now()), consent: null, phone: "" };
  if (!mayActOnBehalf(viewer.actor)) forbidden();
  const { consent, phone } = parseSearch(searchSchema, request.url);
  return { acting: null, consent, phone };
}

const codeSchema = () => z.object({ phone: phoneField });
const confirmSchema = () =>
  z.object({
    consent: idField,
    code: z
      .string({ required_error: "behalf.error.code" })
      .trim()
      .regex(/^\d{6}$/, "behalf.error.code"),
  });
const paperSchema = () =>
  z.object({
    phone: phoneField,
    formNumber: z
      .string({ required_error: "behalf.error.formNumber" })
      .trim()
      .min(1, "behalf.error.formNumber")
      .max(FORM_NUMBER_MAX, "behalf.error.formNumber"),
  });

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const viewer = await requireViewer(request);
  // A second start while acting for someone: say so (the guard would only say "not allowed on behalf").
  if (viewer.onBehalf) throw new Response("behalf.error.already", { status: 409 });
  requireBehalfAct(viewer, "other");
  if (!mayActOnBehalf(viewer.actor)) forbidden();
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  if (intent === "code") {
    const parsed = parseForm(codeSchema, form);
    if (!parsed.ok) return invalid(parsed.fieldErrors, intent, form);
    const r = await attempt(() => sendCode(viewer, parsed.data.phone, now()), intent, form);
    if (!r.ok) return r.response;
    return redirectWithFlash(`/behalf?consent=${r.value.consentId}&phone=${parsed.data.phone}`, { key: "behalf.codeSent", vars: { minutes: CODE_MINUTES } });
  }
  if (intent === "confirm" || intent === "paper") {
    const start =
      intent === "confirm"
        ? (() => {
            const parsed = parseForm(confirmSchema, form);
            return parsed.ok ? { ok: true as const, run: () => confirmCode(viewer, parsed.data.consent, parsed.data.code, now()) } : parsed;
          })()
        : (() => {
            const parsed = parseForm(paperSchema, form);
            return parsed.ok ? { ok: true as const, run: () => startWithPaper(viewer, parsed.data.phone, parsed.data.formNumber, now()) } : parsed;
          })();
    if (!start.ok) return invalid(start.fieldErrors, intent, form);
    const r = await attempt(start.run, intent, form);
    if (!r.ok) return r.response;
    return redirectWithFlash("/", { key: "behalf.started", vars: { name: r.value.name, minutes: ON_BEHALF_MINUTES } });
  }
  return invalid({}, intent, form);
}

export default function Behalf() {
  const t = useT();
  const { acting, consent, phone } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const mine = (intent: string) => (failed?.intent === intent ? failed : undefined);
  if (acting) {
    return (
      <>
        <h1>{t("behalf.title")}</h1>
        <p>{t("behalf.banner", { name: acting.name, minutes: acting.minutes })}</p>
        <Form method="post" action="/behalf/end">
          <Submit>{t("behalf.end")}</Submit>
        </Form>
      </>
    );
  }
  return (
    <>
      <h1>{t("behalf.title")}</h1>
      <p>{t("behalf.intro", { minutes: ON_BEHALF_MINUTES })}</p>
      <FormAlert msg={failed?.formError} />
      {consent ? (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="consent" value={consent} />
          <Field name="code" label="behalf.code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} errors={mine("confirm")?.fieldErrors} />
          <div>
            <Submit>{t("behalf.confirm")}</Submit>
          </div>
        </Form>
      ) : null}
      <h2>{t("behalf.byCode")}</h2>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="code" />
        <Field
          name="phone"
          label="behalf.phone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          maxLength={20}
          defaultValue={mine("code")?.values?.phone ?? phone}
          errors={mine("code")?.fieldErrors}
        />
        <div>
          <Submit>{t("behalf.sendCode")}</Submit>
        </div>
      </Form>
      <h2>{t("behalf.byPaper")}</h2>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="paper" />
        <Field
          name="phone"
          id="f-paper-phone"
          label="behalf.phone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          maxLength={20}
          values={mine("paper")?.values}
          errors={mine("paper")?.fieldErrors}
        />
        <Field
          name="formNumber"
          label="behalf.formNumber"
          hint="behalf.formHint"
          autoComplete="off"
          maxLength={FORM_NUMBER_MAX}
          values={mine("paper")?.values}
          errors={mine("paper")?.fieldErrors}
        />
        <div>
          <Submit>{t("behalf.startPaper")}</Submit>
        </div>
      </Form>
    </>
  );
}
