import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ConditionsTable, VoteChart } from "~/components/vote-result";
import { formatDate, formatDateTime, pageTitle, useLocale, useT } from "~/i18n";
import { publicCacheHeaders, publicResolution, routeCacheHeaders } from "~/features/public/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = (args) => [
  ...pageTitle(args, "title.publicResolution", { number: args.data?.resolution.number ?? "" }),
  ...(args.data ? [{ tagName: "link", rel: "alternate", type: "application/atom+xml", href: `/p/${args.data.compound.id}/feed` }] : []),
];

export const headers: HeadersFunction = (args) => routeCacheHeaders(args);

/** One resolution of a compound, public: its figures (never a ballot) and the requests made from it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return data(await publicResolution(params.compound, params.id), { headers: publicCacheHeaders(request) });
}

export default function PublicResolution() {
  const t = useT();
  const locale = useLocale();
  const { compound, resolution: r, requests } = useLoaderData<typeof loader>();
  const base = `/p/${compound.id}`;
  return (
    <>
      <p className="crumbs">
        <Link to={base}>{t("public.back", { name: compound.name })}</Link>
      </p>
      <h1>{t("resolution.title", { number: r.number })}</h1>
      <p>
        <strong>{r.title}</strong>
      </p>
      <p>{t(`vote.rule.${r.rule}`)}</p>
      <p>{t("resolution.adoptedOn", { date: formatDateTime(r.adoptedAt, locale) })}</p>
      <p>{t("resolution.period", { start: formatDate(r.noticeStarts, locale), end: formatDate(r.noticeEnds, locale) })}</p>
      <h2>{t("resolution.figures")}</h2>
      <ConditionsTable tally={r.tally} />
      <VoteChart tally={r.tally} />
      <section aria-labelledby="h-requests">
        <h2 id="h-requests">{t("public.requests")}</h2>
        {requests.length === 0 ? <p className="muted">{t("public.noRequests")}</p> : null}
        <ul className="plain">
          {requests.map((q) => (
            <li key={q.id}>
              <Link to={`${base}/requests/${q.id}`}>{q.title}</Link> <span className={`badge rstate-${q.state}`}>{t(`rstate.${q.state}`)}</span>{" "}
              <span className="muted">{t(`level.${q.level}`)}</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
