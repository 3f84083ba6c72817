import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { Submit } from "~/components/form";
import { redirectWithFlash } from "~/web/flash.server";
import { idField, parseForm } from "~/web/forms.server";
import { type Locale, formatDateTime, translate, useLocale, useT, pageTitle, isMessageKey } from "~/i18n";
import { markNotificationsRead } from "~/features/notifications/commands.server";
import { notificationsPage } from "~/features/notifications/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.notifications");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  return notificationsPage(viewer.user.id);
}

const schema = () => z.object({ id: z.union([z.literal("all"), idField]) });

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const form = await readForm(request);
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, undefined, form);
  await markNotificationsRead(viewer.user.id, parsed.data.id, now());
  return redirectWithFlash("/notifications", { key: "mod.done" });
}

function line(locale: Locale, n: { kind: string; title: string | null; actor: string | null; data: Record<string, string> }) {
  const vars = { actor: n.actor ?? translate(locale, "audit.system"), title: n.title ?? "" };
  // The notification's data is stored JSON: a value the catalog does not know shows as it is.
  const named = (prefix: string, value: string | undefined) => {
    const key = `${prefix}.${value}`;
    return isMessageKey(key) ? translate(locale, key) : (value ?? "");
  };
  // Acting on behalf (代办): the consent code sent to this person (app/features/on-behalf/consent-channel).
  if (n.kind === "request" && n.data.behalfCode)
    return translate(locale, "behalf.notifyCode", { code: String(n.data.behalfCode), minutes: String(n.data.minutes ?? "") });
  switch (n.kind) {
    case "state":
      return translate(locale, "notify.state", { ...vars, state: named("pstate", n.data.to) });
    case "moderated":
      return translate(locale, "notify.moderated", { ...vars, act: named("log.mod", n.data.act) });
    case "reply":
    case "comment":
    case "cosponsor":
      return translate(locale, `notify.${n.kind}`, vars);
    case "request": {
      const line = translate(locale, "log.request", {
        title: n.data.title ?? "",
        action: named("ract", n.data.action),
        level: named("level", n.data.level),
      });
      // Steps of one request within an hour are merged into one notice (issue 17): it says how many.
      const steps = Number(n.data.steps ?? 1);
      return steps > 1 ? `${line}${translate(locale, "notice.steps", { count: steps })}` : line;
    }
    default:
      return n.title ?? "";
  }
}

export default function Notifications() {
  const t = useT();
  const locale = useLocale();
  const { items } = useLoaderData<typeof loader>();
  const unread = items.filter((i) => !i.read_at).length;
  return (
    <>
      <h1>{t("notify.title")}</h1>
      <p>
        <Link to="/account/notices">{t("notice.prefsLink")}</Link>
      </p>
      {unread > 0 ? (
        <Form method="post">
          <input type="hidden" name="id" value="all" />
          <Submit className="secondary">{t("notify.markAll")}</Submit>
        </Form>
      ) : null}
      {items.length === 0 ? <p>{t("notify.empty")}</p> : null}
      <ul className="plain">
        {items.map((n) => (
          <li key={n.id} className="row">
            <span className="grow">
              {!n.read_at ? <span className="badge">●</span> : null}{" "}
              <Link
                to={
                  n.kind === "request" && n.data.requestId
                    ? `/requests/${n.data.requestId}`
                    : `/proposals/${n.proposal_id}${n.comment_id ? `#c-${n.comment_id}` : ""}`
                }
              >
                {line(locale, n)}
              </Link>
              <br />
              <span className="muted">{formatDateTime(n.created_at, locale)}</span>
            </span>
            {!n.read_at ? (
              <Form method="post">
                <input type="hidden" name="id" value={n.id} />
                <Submit className="secondary">{t("notify.markRead")}</Submit>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
