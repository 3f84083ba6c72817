import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { formatDate, pageTitle, useLocale, useT } from "~/i18n";
import { publicCacheHeaders, publicHome, routeCacheHeaders } from "~/features/public/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = (args) => [
  ...pageTitle(args, "title.public", { name: args.data?.compound.name ?? "" }),
  ...(args.data ? [{ tagName: "link", rel: "alternate", type: "application/atom+xml", href: `/p/${args.data.compound.id}/feed` }] : []),
];

export const headers: HeadersFunction = (args) => routeCacheHeaders(args);

/** A compound's public record, open to anyone and the same for everyone (issue 17 · 3). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return data(await publicHome(params.compound, new URL(request.url)), { headers: publicCacheHeaders(request) });
}

function Pager({ param, page, more }: { param: "page" | "rpage"; page: number; more: boolean }) {
  const t = useT();
  const { search } = useLocation();
  if (page === 1 && !more) return null;
  const href = (n: number) => {
    const q = new URLSearchParams(search);
    if (n > 1) q.set(param, String(n));
    else q.delete(param);
    return `?${q.toString()}`;
  };
  return (
    <p className="pager row">
      {page > 1 ? <Link to={href(page - 1)}>{t("public.newer")}</Link> : null}
      {more ? <Link to={href(page + 1)}>{t("public.older")}</Link> : null}
    </p>
  );
}

export default function PublicCompound() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const base = `/p/${d.compound.id}`;
  return (
    <>
      <h1>{t("public.heading", { name: d.compound.name })}</h1>
      {d.compound.community ? <p className="muted">{d.compound.community}</p> : null}
      <p>{t("public.intro")}</p>
      <p>
        <a href={`${base}/feed`} type="application/atom+xml">
          {t("public.feed")}
        </a>{" "}
        <span className="muted">{t("public.feedHint")}</span>
      </p>
      <section aria-labelledby="h-resolutions">
        <h2 id="h-resolutions">{t("public.resolutions")}</h2>
        {d.resolutions.items.length === 0 ? <p className="muted">{t("public.noResolutions")}</p> : null}
        <ul className="plain">
          {d.resolutions.items.map((r) => (
            <li key={r.id}>
              <Link to={`${base}/resolutions/${r.id}`}>{t("resolution.title", { number: r.number })}</Link> {r.title}{" "}
              <span className="muted">· {t("public.adoptedOn", { date: formatDate(r.adoptedAt, locale) })}</span>
            </li>
          ))}
        </ul>
        <Pager param="rpage" page={d.resolutions.page} more={d.resolutions.more} />
      </section>
      <section aria-labelledby="h-requests">
        <h2 id="h-requests">{t("public.requests")}</h2>
        {d.requests.items.length === 0 ? <p className="muted">{t("public.noRequests")}</p> : null}
        <ul className="plain">
          {d.requests.items.map((r) => (
            <li key={r.id}>
              <Link to={`${base}/requests/${r.id}`}>{r.title}</Link> <span className={`badge rstate-${r.state}`}>{t(`rstate.${r.state}`)}</span>{" "}
              <span className="muted">
                {t(`level.${r.level}`)} · {formatDate(r.createdAt, locale)}
              </span>
            </li>
          ))}
        </ul>
        <Pager param="page" page={d.requests.page} more={d.requests.more} />
      </section>
    </>
  );
}
