import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requireViewer } from "~/auth/guards.server";
import { blankSessionCookie } from "~/auth/session.server";
import { now } from "~/clock.server";
import { FormAlert } from "~/components/form";
import { secureCookies } from "~/env.server";
import { flashCookie, redirectWithFlash } from "~/web/flash.server";
import { formatDateTime, useLocale, useT, pageTitle } from "~/i18n";
import { HANDLE_LENGTH, endAllSessions, endSession } from "~/features/accounts/commands.server";
import { mySessions } from "~/features/accounts/page.server";
import { choice, parseForm } from "~/web/forms.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.sessions");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  return { sessions: await mySessions({ id: viewer.user.id, sessionId: viewer.sessionId }, now()) };
}

// Two small forms: which session (by its handle), or all of them.
const HANDLE = new RegExp(`^[0-9a-f]{${HANDLE_LENGTH}}$`);
const schema = () =>
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("end-all") }),
    z.object({ intent: z.literal("end"), session: z.string({ required_error: "v.choice" }).regex(HANDLE, "v.choice") }),
  ]);
const intentSchema = () => z.object({ intent: choice(["end", "end-all"]) });

/** Signed out: the session cookie is cleared and the sign-in page says why. */
function signedOut() {
  const headers = new Headers();
  headers.append("Set-Cookie", blankSessionCookie(secureCookies()));
  headers.append("Set-Cookie", flashCookie({ key: "sessions.signedOutEverywhere" }));
  return redirect("/login", { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const form = await readForm(request);
  const which = parseForm(intentSchema, form);
  if (!which.ok) return invalid(which.fieldErrors, undefined, form);
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, undefined, form);
  const me = { id: viewer.user.id, sessionId: viewer.sessionId };
  if (parsed.data.intent === "end-all") {
    await endAllSessions(me.id, now());
    return signedOut();
  }
  const handle = parsed.data.session;
  const result = await attempt(() => endSession(me, handle, now()), "end", form);
  if (!result.ok) return result.response;
  if (result.value) return signedOut();
  return redirectWithFlash("/account/sessions", { key: "sessions.ended" });
}

export default function Sessions() {
  const t = useT();
  const locale = useLocale();
  const { sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/account">{t("sessions.back")}</Link>
      </p>
      <h1>{t("sessions.title")}</h1>
      <p className="muted">{t("sessions.intro")}</p>
      <FormAlert msg={actionData?.formError} />
      <ul className="plain stack">
        {sessions.map((s) => (
          <li key={s.handle} className="card">
            <p>
              <strong>{t(`device.os.${s.os}`)}</strong> · {t(`device.browser.${s.browser}`)}
              {s.current ? (
                <>
                  {" "}
                  · <strong>{t("sessions.current")}</strong>
                </>
              ) : null}
            </p>
            <p className="muted">
              {t("sessions.lastSeen", { at: formatDateTime(s.lastSeenAt, locale) })} · {t("sessions.since", { at: formatDateTime(s.createdAt, locale) })}
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="end" />
              <input type="hidden" name="session" value={s.handle} />
              <button type="submit" className="secondary">
                {s.current ? t("sessions.endThis") : t("sessions.end")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post">
        <input type="hidden" name="intent" value="end-all" />
        <button type="submit">{t("sessions.endAll")}</button>
      </Form>
    </>
  );
}
