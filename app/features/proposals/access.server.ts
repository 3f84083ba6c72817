// Who may see a proposal: shared by the commands (inside their transaction) and the pages.
import type { DB } from "~/db.server";
import { type Actor, can } from "~/domain/permissions";
import { fail } from "~/features/errors";
import { type ProposalRow, getProposal } from "~/features/proposals/queries.server";

/** The proposal as this actor may see it: drafts only by their author; another compound's not at all. */
export async function loadVisibleProposal(db: DB, actor: Actor, proposalId: number): Promise<ProposalRow> {
  const p = await getProposal(db, proposalId);
  if (!p) fail(404, "error.notFound");
  const compound = { path: p.compound_path, kind: "compound" as const };
  if (!can(actor, "compound.view", compound)) fail(404, "error.notFound");
  if (p.state === "draft" && p.author_id !== actor.userId) fail(404, "error.notFound");
  return p;
}
