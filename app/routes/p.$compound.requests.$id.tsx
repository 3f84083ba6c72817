import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { lastDay } from "~/domain/working-days";
import { formatDate, formatDateTime, pageTitle, useLocale, useT } from "~/i18n";
import { publicCacheHeaders, publicRequest, routeCacheHeaders } from "~/features/public/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = (args) => [
  ...pageTitle(args, "title.publicRequest", { title: args.data?.r.title ?? "" }),
  ...(args.data ? [{ tagName: "link", rel: "alternate", type: "application/atom+xml", href: `/p/${args.data.compound.id}/feed` }] : []),
];

export const headers: HeadersFunction = (args) => routeCacheHeaders(args);

/** One service request of a compound, public: where it is, its timeline by role and office (no names). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return data(await publicRequest(params.compound, params.id), { headers: publicCacheHeaders(request) });
}

export default function PublicRequest() {
  const t = useT();
  const locale = useLocale();
  const { compound, r, counts, moves } = useLoaderData<typeof loader>();
  const base = `/p/${compound.id}`;
  return (
    <>
      <p className="crumbs">
        <Link to={base}>{t("public.back", { name: compound.name })}</Link>
        {r.resolutionNumber ? (
          <>
            {" · "}
            <Link to={`${base}/resolutions/${r.resolutionId}`}>{t("public.fromResolution", { number: r.resolutionNumber })}</Link>
          </>
        ) : null}
      </p>
      <h1>{t("request.title", { title: r.title })}</h1>
      <p className="row">
        <span className={`badge rstate-${r.state}`}>{t(`rstate.${r.state}`)}</span>
        <span>{t("request.where", { level: t(`level.${r.level}`), office: r.office, state: t(`rstate.${r.state}`) })}</span>
      </p>
      {r.dueAt ? <p className="muted">{t("request.due", { date: formatDate(lastDay(r.dueAt), locale) })}</p> : null}
      <p className="muted">
        {t("inbox.number", { id: r.id })} · {t("request.category", { category: t(`category.${r.category}`), sub: t(`sub.${r.subcategory}`) })} ·{" "}
        {t("request.budget", { amount: r.budget, funding: t(`funding.${r.funding}`) })}
      </p>
      {/* Rendered from Markdown when it was written (sanitised then); phone numbers masked on the way out. */}
      <div className="prose" dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
      {r.resultHtml ? (
        <section aria-labelledby="h-result" className="card">
          <h2 id="h-result">{t("request.result")}</h2>
          <div className="prose" dangerouslySetInnerHTML={{ __html: r.resultHtml }} />
          <p className="muted">{t("request.ratings", counts)}</p>
        </section>
      ) : null}
      <section aria-labelledby="h-timeline">
        <h2 id="h-timeline">{t("request.timeline")}</h2>
        <ol className="timeline">
          {moves.map((m) => (
            <li key={m.id} id={`step-${m.id}`}>
              <p>
                <strong>{t(`ract.${m.action}`)}</strong> · <time dateTime={m.at}>{formatDateTime(m.at, locale)}</time>
                {m.on_time === false ? <span className="badge overdue">{t("request.late")}</span> : null}
              </p>
              <p className="muted">
                {t("public.timelineEntry", { office: m.office_name, level: t(`level.${m.from_level ?? m.to_level}`), role: t(`role.${m.actor_role}`) })}
              </p>
              {m.reason ? <p>{t("request.reason", { reason: m.reason })}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
