import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { Field, FormAlert, Submit } from "~/components/form";
import { PushSwitch } from "~/components/push-switch";
import { EMAIL } from "~/domain/notices";
import { isMainlandMobile, normalizePhone } from "~/domain/phone";
import { redirectWithFlash } from "~/web/flash.server";
import { clientAddress, overLimit } from "~/web/limits.server";
import { localeFor } from "~/web/locale.server";
import { choice, parseForm } from "~/web/forms.server";
import { useT, pageTitle } from "~/i18n";
import { checkCode, removeChannel, sendTest, startVerification } from "~/features/outbox/contact-commands.server";
import { contactsPage } from "~/features/outbox/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.contacts");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  return contactsPage(viewer.user.id, now());
}

const channel = () => z.enum(["email", "sms"], { errorMap: () => ({ message: "contact.badChannel" }) });
const schema = () =>
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("add"),
      channel: channel(),
      address: z.string({ required_error: "v.required" }).trim().min(1, "v.required").max(200, "contact.badEmail"),
    }),
    z.object({
      intent: z.literal("verify"),
      channel: channel(),
      code: z
        .string({ required_error: "contact.badCode" })
        .trim()
        .regex(/^\d{6}$/, "contact.badCode"),
    }),
    z.object({ intent: z.literal("remove"), channel: channel() }),
    z.object({ intent: z.literal("test"), channel: channel() }),
  ]);
const intentSchema = () => z.object({ intent: choice(["add", "verify", "remove", "test"]) });

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const form = await readForm(request);
  const which = parseForm(intentSchema(), form);
  if (!which.ok) return invalid(which.fieldErrors, undefined, form);
  const parsed = parseForm(schema(), form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, which.data.intent, form);
  const d = parsed.data;
  const userId = viewer.user.id;
  const locale = localeFor(request, viewer);
  if (d.intent === "add") {
    const address = d.channel === "sms" ? normalizePhone(d.address) : d.address;
    const ok = d.channel === "sms" ? isMainlandMobile(address) : EMAIL.test(address);
    if (!ok) return invalid({ address: { key: d.channel === "sms" ? "v.phone" : "contact.badEmail" } }, d.intent, form);
    const limited = await overLimit("verify", { userId, address: clientAddress(context) }, d.intent, form);
    if (limited) return limited;
    const r = await attempt(() => startVerification(userId, d.channel, address, locale, now()), d.intent, form);
    if (!r.ok) return r.response;
    return redirectWithFlash("/account/contacts", { key: "contact.codeSent" });
  }
  if (d.intent === "verify") {
    const limited = await overLimit("verify", { userId, address: clientAddress(context) }, d.intent, form);
    if (limited) return limited;
    const r = await attempt(() => checkCode(userId, d.channel, d.code, now()), d.intent, form);
    if (!r.ok) return r.response;
    if (!r.value.ok) return invalid({ code: { key: "contact.wrongCode", vars: { left: r.value.left } } }, d.intent, form);
    return redirectWithFlash("/account/contacts", { key: "contact.verifiedDone" });
  }
  const r = await attempt(() => (d.intent === "remove" ? removeChannel(userId, d.channel) : sendTest(userId, d.channel, locale, now())), d.intent, form);
  if (!r.ok) return r.response;
  return redirectWithFlash("/account/contacts", { key: d.intent === "remove" ? "contact.removed" : "contact.testSent" });
}

export default function Contacts() {
  const t = useT();
  const { contacts, browsers, publicKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errorsFor = (c: string) => (actionData?.values?.channel === c ? actionData : undefined);
  return (
    <>
      <h1>{t("contact.title")}</h1>
      <p>{t("contact.intro")}</p>
      <p>
        <Link to="/account/notices">{t("notice.prefsLink")}</Link>
      </p>
      {(["email", "sms"] as const).map((ch) => {
        const c = contacts.find((x) => x.channel === ch);
        const a = errorsFor(ch);
        return (
          <section key={ch} className="card stack">
            <h2>{t(`contact.${ch}`)}</h2>
            <p>
              {c ? (
                <>
                  <strong>{c.address}</strong> · {c.verified ? t("contact.verified") : t("contact.unverified")}
                </>
              ) : (
                t("contact.none")
              )}
            </p>
            <FormAlert msg={a?.formError} />
            {c && !c.verified && c.codeOpen ? (
              <Form method="post" className="stack" noValidate>
                <input type="hidden" name="channel" value={ch} />
                <Field
                  name="code"
                  id={`${ch}-code`}
                  label="contact.code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  errors={a?.intent === "verify" ? a.fieldErrors : undefined}
                />
                <div>
                  <Submit name="intent" value="verify">
                    {t("contact.verify")}
                  </Submit>
                </div>
              </Form>
            ) : null}
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="channel" value={ch} />
              <Field
                name="address"
                label={ch === "email" ? "contact.newEmail" : "contact.newSms"}
                type={ch === "email" ? "email" : "tel"}
                id={`${ch}-address`}
                inputMode={ch === "email" ? "text" : "tel"}
                maxLength={200}
                errors={a?.intent === "add" ? a.fieldErrors : undefined}
                values={a?.intent === "add" ? a.values : undefined}
              />
              <div>
                <Submit name="intent" value="add">
                  {t("contact.add")}
                </Submit>
              </div>
            </Form>
            {c ? (
              <Form method="post" className="row">
                <input type="hidden" name="channel" value={ch} />
                {c.verified ? (
                  <Submit name="intent" value="test" className="secondary">
                    {t("contact.test")}
                  </Submit>
                ) : null}
                <Submit name="intent" value="remove" className="secondary">
                  {t("contact.remove")}
                </Submit>
              </Form>
            ) : null}
          </section>
        );
      })}
      <section className="card stack">
        <h2>{t("contact.push")}</h2>
        <p>{t("push.intro")}</p>
        <p>{t("push.count", { count: browsers })}</p>
        <PushSwitch publicKey={publicKey} />
      </section>
    </>
  );
}
