import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { MaxPartSizeExceededError, data, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFailure } from "~/web/actions.server";
import { attempt } from "~/web/actions.server";
import { requireActionViewer, requirePlace, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { FormAlert, Submit } from "~/components/form";
import type { RosterError } from "~/domain/roster";
import { redirectWithFlash } from "~/web/flash.server";
import { useT, pageTitle } from "~/i18n";
import { ROSTER_MAX_BYTES, decodeRoster, importRoster } from "~/features/places/roster-commands.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.roster");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const compound = await requirePlace(viewer, params.id, "roster.import", "compound");
  return { compound: { id: compound.id, name: compound.name } };
}

type RosterFailure = ActionFailure & { rowErrors?: RosterError[] };
/** Imported, with changes someone should read row by row (ownership transfers): shown here, not in a flash. */
type RosterNotes = { ok: true; done: { created: number; updated: number; owners: number }; notes: RosterError[] };

function refuse(status: 400 | 413, failure: Omit<RosterFailure, "ok" | "fieldErrors">) {
  return data<RosterFailure>({ ok: false, fieldErrors: {}, ...failure }, { status });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const compound = await requirePlace(viewer, params.id, "roster.import", "compound");
  if (!request.headers.get("Content-Type")?.startsWith("multipart/form-data")) return refuse(400, { formError: { key: "roster.noFile" } });
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: ROSTER_MAX_BYTES }));
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) return refuse(413, { formError: { key: "roster.tooBig" } });
    return refuse(400, { formError: { key: "roster.noFile" } });
  }
  const file = form.get("file");
  if (!(file instanceof Blob) || file.size === 0) return refuse(400, { formError: { key: "roster.noFile" } });
  const csv = decodeRoster(new Uint8Array(await file.arrayBuffer()));
  const result = await attempt(() => importRoster(viewer.actor, { compoundId: compound.id, csv }, now()));
  if (!result.ok) return result.response;
  const r = result.value;
  if (!r.ok)
    return refuse(400, { formError: { key: "roster.failed", vars: { count: new Set(r.errors.map((e) => e.line)).size } }, rowErrors: r.errors.slice(0, 500) });
  const done = { created: r.created, updated: r.updated, owners: r.owners };
  if (r.notes.length > 0) return data<RosterNotes>({ ok: true, done, notes: r.notes.slice(0, 500) });
  return redirectWithFlash(`/places/${compound.id}`, { key: "roster.done", vars: done });
}

export default function Roster() {
  const t = useT();
  const { compound } = useLoaderData<typeof loader>();
  const result = useActionData<RosterFailure | RosterNotes>();
  const actionData = result && !result.ok ? result : undefined;
  const imported = result?.ok ? result : undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <>
      <h1>{t("roster.title", { compound: compound.name })}</h1>
      <p>{t("roster.intro")}</p>
      <FormAlert msg={actionData?.formError} />
      {imported ? (
        <div role="status">
          <p>{t("roster.done", imported.done)}</p>
          <p>{t("roster.transfers")}</p>
          <ul aria-label={t("roster.transfers")}>
            {imported.notes.map((n, i) => (
              <li key={i}>{t("roster.row", { line: n.line, message: t(n.key, n.vars) })}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {actionData?.rowErrors?.length ? (
        <ul className="alert" aria-label={t("roster.failed", { count: actionData.rowErrors.length })}>
          {actionData.rowErrors.map((e, i) => (
            <li key={i}>{e.line > 0 ? t("roster.row", { line: e.line, message: t(e.key, e.vars) }) : t(e.key, e.vars)}</li>
          ))}
        </ul>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="f-file">{t("field.file")}</label>
          <input id="f-file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        {busy ? (
          <div role="status">
            <label htmlFor="roster-progress">{t("roster.importing")}</label>
            <progress id="roster-progress" />
          </div>
        ) : null}
        <div>
          <Submit>{t("roster.submit")}</Submit>
        </div>
      </Form>
    </>
  );
}
