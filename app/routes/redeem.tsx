import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { Field, FormAlert, Submit } from "~/components/form";
import { normalizeCode } from "~/domain/household-code";
import { redirectWithFlash } from "~/web/flash.server";
import { choice, parseForm } from "~/web/forms.server";
import { useT, pageTitle } from "~/i18n";
import { redeemCode } from "~/features/residency/code-commands.server";
import { asResident } from "~/features/audit/acting.server";
import { RELATIONS, RelationChoice } from "~/components/relation";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.redeem");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireViewer(request);
  return null;
}

const schema = () =>
  z.object({
    code: z.string({ required_error: "v.required" }).transform((s, ctx) => normalizeCode(s) ?? (ctx.addIssue({ code: "custom", message: "v.code" }), z.NEVER)),
    relation: choice(RELATIONS),
  });

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request, "residency.claim");
  const form = await readForm(request);
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, undefined, form);
  const result = await attempt(() => asResident(viewer, () => redeemCode(viewer.user.id, parsed.data, now())), undefined, form);
  if (!result.ok) return result.response;
  const d = result.value;
  return redirectWithFlash(`/compounds/${d.compound_id}`, {
    key: "redeem.done",
    vars: { address: `${d.compound} ${d.building} ${d.unit}-${d.room}` },
  });
}

export default function Redeem() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>{t("redeem.title")}</h1>
      <p>{t("redeem.intro")}</p>
      <FormAlert msg={actionData?.formError} />
      <Form method="post" className="stack" noValidate>
        <Field name="code" label="field.code" hint="hint.code" autoComplete="off" errors={actionData?.fieldErrors} values={actionData?.values} maxLength={12} />
        <RelationChoice errors={actionData?.fieldErrors} value={actionData?.values?.relation} />
        <div>
          <Submit>{t("redeem.submit")}</Submit>
        </div>
      </Form>
    </>
  );
}
