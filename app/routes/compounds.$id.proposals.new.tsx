import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { attempt } from "~/web/actions.server";
import { readForm, requireActionViewer, requirePlace, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { type EditorData, ProposalEditor } from "~/components/proposal-editor";
import { clientAddress, overLimit } from "~/web/limits.server";
import { redirectWithFlash } from "~/web/flash.server";
import { useT, pageTitle } from "~/i18n";
import { readEditor } from "~/features/proposals/editor.server";
import { createDraft } from "~/features/proposals/commands.server";
import { asResident } from "~/features/audit/acting.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.proposalNew");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const compound = await requirePlace(viewer, params.id, "proposal.create", "compound");
  return { compound: { id: compound.id, name: compound.name } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request, "proposal.create");
  const compound = await requirePlace(viewer, params.id, "proposal.create", "compound");
  const form = await readForm(request);
  const read = readEditor(form);
  if (read.response) return read.response;
  const { title, body, category, intent } = read.input;
  const over = await overLimit("proposal", { userId: viewer.user.id, address: clientAddress(context) }, undefined, form);
  if (over) return over;
  const r = await attempt(
    () => asResident(viewer, () => createDraft(viewer.actor, { compoundId: compound.id, title, body, category, submit: intent === "submit" }, now())),
    undefined,
    form,
  );
  if (!r.ok) return r.response;
  return redirectWithFlash(
    `/proposals/${r.value}`,
    intent === "submit" ? { key: "proposal.moved", vars: { state: "pstate.submitted" } } : { key: "proposal.saved" },
  );
}

export default function NewProposal() {
  const t = useT();
  const { compound } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as EditorData | undefined;
  return (
    <>
      <h1>{t("proposal.newTitle", { compound: compound.name })}</h1>
      <ProposalEditor data={data} />
    </>
  );
}
