import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { idParam, notFound, requireViewer, viewerFor, visibleOr404 } from "~/auth/guards.server";
import { Hash } from "~/components/hash";
import { TableWrap } from "~/components/table-wrap";
import { getDb } from "~/db.server";
import { receiptHashOf } from "~/domain/ballot-chain";
import { useT, pageTitle } from "~/i18n";
import { findPublishedReceipt, publishedBallots } from "~/features/votes/queries.server";
import { getVote, loadVisibleVote, mayViewVote } from "~/features/votes/commands.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.ballots");

const PAGE = 200;

/**
 * The counted ballots of a closed vote (receipt hash and choice, chained), and a receipt check. Once the vote
 * has closed the list is public (`vote.record`): anyone may recount. Before, only those who see the vote.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idParam(params.id);
  const found = await getVote(getDb(), id);
  if (!found) notFound();
  const viewer = found.status === "closed" ? await viewerFor(request, "vote.record", { path: found.compound_path, kind: "compound" }) : await requireViewer(request);
  const v = found.status === "closed" ? found : await visibleOr404(() => loadVisibleVote(getDb(), viewer!.actor, id));
  const url = new URL(request.url);
  const from = Math.max(0, Number(url.searchParams.get("from")) || 0);
  const code = (url.searchParams.get("receipt") ?? "").trim().slice(0, 40);
  const closed = v.status === "closed";
  const rows = closed ? await publishedBallots(getDb(), v.id, from, PAGE) : [];
  const check = closed && code ? ((await findPublishedReceipt(getDb(), v.id, receiptHashOf(code))) ?? null) : undefined;
  // The crumb links to the vote only for whom its page opens (a passer-by, or staff of another place, get text).
  const mayOpenVote = closed ? await mayViewVote(getDb(), viewer?.actor ?? null, v.id) : true;
  return { vote: { id: v.id, title: v.title, closed, chainHead: v.chain_head }, mayOpenVote, rows, next: rows.length === PAGE ? rows[rows.length - 1].position : null, code, check };
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
          <TableWrap label={t("vote.publishedList")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("vote.position")}</th>
                  <th scope="col">{t("vote.ballotChoice")}</th>
                  <th scope="col">{t("vote.receiptHash")}</th>
                  <th scope="col">{t("vote.chainHash")}</th>
                </tr>
              </thead>
              <tbody>
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
              </tbody>
            </table>
          </TableWrap>
          {next ? (
            <p>
              <Link to={`?from=${next}`}>{t("proposal.more")}</Link>
            </p>
          ) : null}
        </>
      ) : null}
    </>
  );
}
