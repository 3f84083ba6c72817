import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { attempt } from "~/web/actions.server";
import { forbidden, idParam, readForm, requireActionViewer, requireViewer, visibleOr404 } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { type EditorData, ProposalEditor } from "~/components/proposal-editor";
import { redirectWithFlash } from "~/web/flash.server";
import { useT, pageTitle } from "~/i18n";
import { readEditor } from "~/features/proposals/editor.server";
import { updateDraft } from "~/features/proposals/commands.server";
import { draftToEdit } from "~/features/proposals/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.proposalEdit");

async function loadOwnDraft(id: string | undefined, viewer: Awaited<ReturnType<typeof requireViewer>>) {
  const draft = await visibleOr404(() => draftToEdit(viewer, idParam(id)));
  if (!draft.editable) forbidden();
  return draft.proposal;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  return { proposal: await loadOwnDraft(params.id, viewer) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const p = await loadOwnDraft(params.id, viewer);
  const form = await readForm(request);
  const read = readEditor(form);
  if (read.response) return read.response;
  const { title, body, category, intent } = read.input;
  const r = await attempt(() => updateDraft(viewer.actor, { proposalId: p.id, title, body, category, submit: intent === "submit" }, now()), undefined, form);
  if (!r.ok) return r.response;
  return redirectWithFlash(
    `/proposals/${p.id}`,
    intent === "submit" ? { key: "proposal.moved", vars: { state: "pstate.submitted" } } : { key: "proposal.saved" },
  );
}

export default function EditProposal() {
  const t = useT();
  const { proposal } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as EditorData | undefined;
  return (
    <>
      <h1>{t("proposal.editTitle")}</h1>
      {proposal.stateReason ? <p className="alert">{t("proposal.stateReason", { reason: proposal.stateReason })}</p> : null}
      <ProposalEditor initial={proposal} data={data} />
    </>
  );
}
