import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePlace, requireViewer } from "~/auth/guards.server";
import { ProposalList } from "~/components/proposal-list";
import { useT, pageTitle } from "~/i18n";
import { reviewQueue } from "~/features/proposals/page.server";

export const meta: MetaFunction = (args) => pageTitle(args, "title.proposalReview");

/** Submitted proposals waiting for a coordinator; the decisions are taken on each proposal's page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const compound = await requirePlace(viewer, params.id, "proposal.review", "compound");
  return reviewQueue(compound);
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
