import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requireViewer } from "~/auth/guards.server";
import { FieldError, FormAlert, Submit } from "~/components/form";
import { NOTICE_KINDS, NOTICE_MODES } from "~/domain/notices";
import { redirectWithFlash } from "~/web/flash.server";
import { parseForm } from "~/web/forms.server";
import { useT, pageTitle } from "~/i18n";
import { savePreferences } from "~/features/outbox/contact-commands.server";
import { preferencesPage } from "~/features/outbox/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.notices");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  return preferencesPage(viewer.user.id);
}

const MODE_ERROR = { errorMap: () => ({ message: "notice.badMode" }) };
const schema = () =>
  z.object({
    votes: z.enum(NOTICE_MODES, MODE_ERROR),
    mine: z.enum(NOTICE_MODES, MODE_ERROR),
    threads: z.enum(NOTICE_MODES, MODE_ERROR),
    requests: z.enum(NOTICE_MODES, MODE_ERROR),
    moderation: z.enum(NOTICE_MODES, MODE_ERROR),
    hour: z.coerce.number({ invalid_type_error: "notice.badHour" }).int("notice.badHour").min(0, "notice.badHour").max(23, "notice.badHour"),
    quiet: z.enum(["1"]).optional(),
  });
const KNOWN = new Set<string>([...NOTICE_KINDS, "hour", "quiet"]);

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const form = await readForm(request);
  // Every other field names a kind of notice: one the app does not know is refused, not ignored.
  const unknown = [...form.keys()].find((k) => !KNOWN.has(k));
  if (unknown !== undefined) return invalid({ _form: { key: "notice.badKind" }, kind: { key: "notice.badKind" } }, undefined, form);
  if (form.get("hour") === "") form.delete("hour");
  const parsed = parseForm(schema(), form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, undefined, form);
  const { hour, quiet, ...modes } = parsed.data;
  await savePreferences(viewer.user.id, { modes, hour, quiet: quiet === "1" });
  return redirectWithFlash("/account/notices", { key: "notice.saved" });
}

export default function NoticePreferences() {
  const t = useT();
  const { kinds, hour, quiet } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  return (
    <>
      <h1>{t("notice.prefsTitle")}</h1>
      <p>{t("notice.prefsIntro")}</p>
      <p>
        <Link to="/account/contacts">{t("notice.contactsLink")}</Link>
      </p>
      <FormAlert msg={errors?.kind ?? actionData?.formError} />
      <Form method="post" className="stack" noValidate>
        <fieldset>
          <legend>{t("notice.modeColumn")}</legend>
          {kinds.map((k) => (
            <div key={k.kind} className="stack">
              <label htmlFor={`pref-${k.kind}`}>{t(`notice.kind.${k.kind}`)}</label>
              <select id={`pref-${k.kind}`} name={k.kind} defaultValue={actionData?.values?.[k.kind] ?? k.mode}>
                {NOTICE_MODES.map((m) => (
                  <option key={m} value={m}>
                    {t(`notice.mode.${m}`)}
                  </option>
                ))}
              </select>
              <FieldError name={k.kind} errors={errors} />
            </div>
          ))}
        </fieldset>
        <div className="stack">
          <label htmlFor="hour">{t("notice.hour")}</label>
          <select id="hour" name="hour" defaultValue={String(hour)}>
            {Array.from({ length: 24 }, (_, h) => (
              <option key={h} value={h}>{`${String(h).padStart(2, "0")}:00`}</option>
            ))}
          </select>
          <FieldError name="hour" errors={errors} />
        </div>
        <label>
          <input type="checkbox" name="quiet" value="1" defaultChecked={quiet} /> {t("notice.quiet")}
        </label>
        <div>
          <Submit>{t("notice.save")}</Submit>
        </div>
      </Form>
    </>
  );
}
