import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ConditionsTable, VoteChart } from "~/components/vote-result";
import { formatDate, formatDateTime, useLocale, useT, pageTitle } from "~/i18n";
import { RequestList } from "~/components/request-list";
import { getDb } from "~/db.server";
import { can } from "~/domain/permissions";
import { loadResolution } from "~/features/votes/resolutions.server";
import { requestsOfResolution } from "~/features/requests/queries.server";
import { mayViewVote } from "~/features/votes/commands.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "title.resolution", { number: data?.number ?? "" });

/**
 * Open to a passer-by (the notice's QR code leads here): the result. The proposal, the vote and the requests
 * are shown only to those whose pages for them would open (issue 12 · 22): the compound's people and offices.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, resolution: r } = await loadResolution(request, params.id);
  const actor = viewer?.actor ?? null;
  const compound = { path: r.compoundPath, kind: "compound" as const };
  const insider = can(actor, "compound.view", compound);
  return {
    ...r,
    links: { proposal: insider, vote: await mayViewVote(getDb(), actor, r.voteId) },
    requests: insider ? await requestsOfResolution(getDb(), r.id) : null,
    mayCreate: can(actor, "request.create", compound),
  };
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
