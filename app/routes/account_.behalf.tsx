import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireViewer } from "~/auth/guards.server";
import { formatDateTime, isMessageKey, useLocale, useT, pageTitle } from "~/i18n";
import { behalfActsPage } from "~/features/on-behalf/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.behalfActs");

/** What building leads and coordinators did for me on my behalf (代办): every act, by whom and when. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  return { acts: await behalfActsPage(viewer.user.id) };
}

const LINKS: Record<string, string> = { proposal: "/proposals/", request: "/requests/" };

export default function BehalfActs() {
  const t = useT();
  const locale = useLocale();
  const { acts } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("behalf.acts")}</h1>
      {acts.length === 0 ? <p>{t("behalf.actsEmpty")}</p> : null}
      <ul className="stack">
        {acts.map((a) => {
          const key = `behalf.act.${a.action}`;
          const act = isMessageKey(key) ? t(key) : a.action;
          const href = a.entityId !== null && LINKS[a.entityType] ? `${LINKS[a.entityType]}${a.entityId}` : null;
          return (
            <li key={a.id}>
              {t("behalf.actLine", { helper: a.helper, at: formatDateTime(a.at, locale), act })}
              {href ? (
                <>
                  {" "}
                  <Link to={href}>#{a.entityId}</Link>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}
