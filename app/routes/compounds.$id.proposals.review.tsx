import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePlace, requireViewer } from "~/auth/guards.server";
import { ProposalList } from "~/components/proposal-list";
import { getDb } from "~/db.server";
import { useT, pageTitle } from "~/i18n";
import { submittedProposals } from "~/features/proposals/queries.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.proposalReview");

/** Submitted proposals waiting for a coordinator; the decisions are taken on each proposal's page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const compound = await requirePlace(viewer, params.id, "proposal.review", "compound");
  const rows = await submittedProposals(getDb(), compound.id);
  return { compound: compound.name, proposals: rows.map((r) => ({ ...r, state: "submitted" as const, last_activity_at: r.updated_at })) };
}

export default function ProposalReview() {
  const t = useT();
  const { compound, proposals } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>
        {t("proposal.reviewQueue")} · {compound}
      </h1>
      {proposals.length === 0 ? <p>{t("proposal.reviewEmpty")}</p> : <ProposalList items={proposals} />}
    </>
  );
}
