import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ConditionsTable, VoteChart } from "~/components/vote-result";
import { formatDate, formatDateTime, useLocale, useT, pageTitle } from "~/i18n";
import { RequestList } from "~/components/request-list";
import { resolutionPage } from "~/features/votes/page.server";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "title.resolution", { number: args.data?.number ?? "" });

/** Open to a passer-by (the notice's QR code leads here); what else shows depends on who looks. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return resolutionPage(request, params.id);
}

export default function Resolution() {
  const t = useT();
  const locale = useLocale();
  const r = useLoaderData<typeof loader>();
  return (
    <>
      {r.links.proposal ? (
        <p className="crumbs">
          <Link to={`/proposals/${r.proposalId}`}>{r.title}</Link>
        </p>
      ) : null}
      <h1>{t("resolution.title", { number: r.number })}</h1>
      <p>
        <strong>{r.title}</strong>
      </p>
      <p>{t(`vote.rule.${r.rule}`)}</p>
      <p>{t("resolution.adoptedOn", { date: formatDateTime(r.closedAt, locale) })}</p>
      <p>{t("resolution.period", { start: formatDate(r.noticeStarts, locale), end: formatDate(r.noticeEnds, locale) })}</p>
      <h2>{t("resolution.figures")}</h2>
      <ConditionsTable tally={r.tally} />
      <VoteChart tally={r.tally} />
      <p className="row">
        <Link className="button" to={`/resolutions/${r.id}/notice`}>
          {t("resolution.print")}
        </Link>
        <Link to={`/votes/${r.voteId}/ballots`}>{t("vote.publishedList")}</Link>
        {r.links.vote ? <Link to={`/votes/${r.voteId}`}>{t("vote.viewVote")}</Link> : null}
      </p>
      {r.requests ? (
        <section aria-labelledby="h-requests">
          <h2 id="h-requests">{t("request.list")}</h2>
          <RequestList items={r.requests} />
          {r.mayCreate ? (
            <p>
              <Link className="button" to={`/resolutions/${r.id}/requests/new`}>
                {t("request.new")}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
