import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { idParam, notFound, requireViewer, viewerFor, visibleOr404 } from "~/auth/guards.server";
import { Hash } from "~/components/hash";
import { DataTable, MoreLink } from "~/components/table-wrap";
import { useT, pageTitle } from "~/i18n";
import { ballotsAudience, ballotsPage } from "~/features/votes/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.ballots");

/**
 * The counted ballots of a closed vote (receipt hash and choice, chained), and a receipt check. Once the vote
 * has closed the list is public (`vote.record`): anyone may recount. Before, only those who see the vote.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idParam(params.id);
  const url = new URL(request.url);
  const from = Math.max(0, Number(url.searchParams.get("from")) || 0);
  const code = (url.searchParams.get("receipt") ?? "").trim().slice(0, 40);
  const audience = await ballotsAudience(id);
  if (!audience) notFound();
  const viewer = audience.closed ? await viewerFor(request, "vote.record", audience.compound) : await requireViewer(request);
  return visibleOr404(() => ballotsPage(viewer?.actor ?? null, id, { from, code }));
}

export default function Ballots() {
  const t = useT();
  const { vote, mayOpenVote, rows, next, code, check } = useLoaderData<typeof loader>();
  return (
    <>
      {mayOpenVote ? (
        <p className="crumbs">
          <Link to={`/votes/${vote.id}`}>{vote.title}</Link>
        </p>
      ) : (
        <p className="crumbs">{vote.title}</p>
      )}
      <h1>{t("vote.publishedList")}</h1>
      {!vote.closed ? <p>{t("vote.afterClose")}</p> : null}
      {vote.closed ? (
        <>
          <p>{t("vote.listIntro")}</p>
          {vote.chainHead ? (
            <p>
              {t("vote.chainHead", { hash: "" })}
              <Hash value={vote.chainHead} label={t("vote.chainHash")} />
            </p>
          ) : null}
          <Form method="get" className="row" role="search">
            <div className="field grow">
              <label htmlFor="f-receipt">{t("vote.receiptCode")}</label>
              <input id="f-receipt" name="receipt" defaultValue={code} maxLength={40} autoComplete="off" />
            </div>
            <button type="submit">{t("vote.checkReceipt")}</button>
          </Form>
          {check ? <p className="flash">{t("vote.receiptFound", { position: check.position, choice: t(`vote.choice.${check.choice}`) })}</p> : null}
          {check === null ? <p className="alert">{t("vote.receiptMissing")}</p> : null}
          <DataTable label={t("vote.publishedList")} columns={[t("vote.position"), t("vote.ballotChoice"), t("vote.receiptHash"), t("vote.chainHash")]}>
            {rows.map((r) => (
              <tr key={r.position}>
                <td>{r.position}</td>
                <td>{t(`vote.choice.${r.choice}`)}</td>
                <td>
                  <Hash value={r.receipt_hash} label={`${t("vote.receiptHash")} ${r.position}`} />
                </td>
                <td>
                  <Hash value={r.chain_hash} label={`${t("vote.chainHash")} ${r.position}`} />
                </td>
              </tr>
            ))}
          </DataTable>
          <MoreLink to={next ? `?from=${next}` : null}>{t("proposal.more")}</MoreLink>
        </>
      ) : null}
    </>
  );
}
