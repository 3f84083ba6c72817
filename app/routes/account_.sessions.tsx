import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requireViewer } from "~/auth/guards.server";
import { blankSessionCookie } from "~/auth/session.server";
import { now } from "~/clock.server";
import { FormAlert } from "~/components/form";
import { getDb } from "~/db.server";
import { secureCookies } from "~/env.server";
import { flashCookie, redirectWithFlash } from "~/web/flash.server";
import { formatDateTime, useLocale, useT, pageTitle } from "~/i18n";
import { HANDLE_LENGTH, endAllSessions, endSession, mySessions } from "~/features/accounts/sessions.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.sessions");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  return { sessions: await mySessions(getDb(), { id: viewer.user.id, sessionId: viewer.sessionId }, now()) };
}

// Two small forms, checked by hand (no validation library for them): which session, or all of them.
const HANDLE = new RegExp(`^[0-9a-f]{${HANDLE_LENGTH}}$`);

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
  const intent = form.get("intent");
  const handle = form.get("session");
  const db = getDb();
  const me = { id: viewer.user.id, sessionId: viewer.sessionId };
  if (intent === "end-all") {
    await endAllSessions(db, me.id, now());
    return signedOut();
  }
  if (intent !== "end") return invalid({ intent: { key: "v.choice" } }, undefined, form);
  if (typeof handle !== "string" || !HANDLE.test(handle)) return invalid({ session: { key: "v.choice" } }, undefined, form);
  const result = await attempt(() => endSession(db, me, handle, now()), "end", form);
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
              {s.current ? <> · <strong>{t("sessions.current")}</strong></> : null}
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
