import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requirePlace, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { Address } from "~/components/address";
import { FieldError, FormAlert, Submit } from "~/components/form";
import { redirectWithFlash } from "~/web/flash.server";
import { choice, parseForm } from "~/web/forms.server";
import { TableWrap } from "~/components/table-wrap";
import { useT, pageTitle } from "~/i18n";
import { generateCodes } from "~/features/residency/code-commands.server";
import { codesPage } from "~/features/residency/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.codes");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const compound = await requirePlace(viewer, params.id, "codes.manage", "compound");
  return codesPage(compound);
}

const schema = () =>
  z
    .object({ mode: choice(["missing", "all"] as const), confirm: z.string().optional() })
    .refine((v) => v.mode !== "all" || v.confirm === "yes", { message: "codes.confirmNeeded", path: ["confirm"] });

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const compound = await requirePlace(viewer, params.id, "codes.manage", "compound");
  const form = await readForm(request);
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, undefined, form);
  const result = await attempt(() => generateCodes(viewer.actor, { compoundId: compound.id, mode: parsed.data.mode }, now()));
  if (!result.ok) return result.response;
  return redirectWithFlash(`/compounds/${compound.id}/codes`, { key: "codes.generated", vars: { count: result.value } });
}

export default function Codes() {
  const t = useT();
  const { compound, codes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>{t("codes.title", { compound: compound.name })}</h1>
      <p>{t("codes.intro")}</p>
      <FormAlert msg={actionData?.formError} />
      <Form method="post" className="row">
        <Submit name="mode" value="missing">
          {t("codes.generateMissing")}
        </Submit>
      </Form>
      <details className="inline" open={actionData?.fieldErrors?.confirm ? true : undefined}>
        <summary>{t("codes.regenerateAll")}</summary>
        <Form method="post" className="stack">
          <label htmlFor="f-confirm">
            <input id="f-confirm" type="checkbox" name="confirm" value="yes" required /> {t("codes.confirmAll")}
          </label>
          <FieldError name="confirm" errors={actionData?.fieldErrors} />
          <div>
            <Submit name="mode" value="all" className="secondary">
              {t("codes.regenerateAll")}
            </Submit>
          </div>
        </Form>
      </details>
      <h2>{t("codes.unused", { count: codes.length })}</h2>
      {codes.length === 0 ? (
        <p>{t("codes.none")}</p>
      ) : (
        <>
          <p>
            <Link className="button secondary" to={`/compounds/${compound.id}/codes/print`}>
              {t("codes.print")}
            </Link>
          </p>
          <TableWrap label={t("codes.unused", { count: codes.length })}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("places.dwellings")}</th>
                  <th scope="col">{t("field.code")}</th>
                </tr>
              </thead>
              <tbody>
                {codes.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Address building={c.building} unit={c.unit} room={c.room} />
                    </td>
                    <td>
                      <code>{c.code}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </>
  );
}
