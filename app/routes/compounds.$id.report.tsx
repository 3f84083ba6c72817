import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, unstable_parseMultipartFormData } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid, refusal } from "~/web/actions.server";
import { idParam, readForm, requireActionViewer, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { DuplicateList, ReportForm } from "~/components/report-form";
import { REPORT_LIMITS } from "~/domain/report-duplicates";
import { SUBCATEGORY_KEYS, type Subcategory, categoryOf } from "~/domain/request-kinds";
import { redirectWithFlash } from "~/web/flash.server";
import { choice, idField, optionalText, parseForm, text } from "~/web/forms.server";
import { useT, pageTitle } from "~/i18n";
import { AppError } from "~/features/errors";
import { EVIDENCE_MAX_BODY, evidenceUploadHandler, storeEvidence } from "~/features/requests/evidence.server";
import { checkReportPlace, fileReport } from "~/features/requests/report-commands.server";
import { duplicatesOf, newReportPage } from "~/features/requests/report-page.server";
import { asResident } from "~/features/audit/acting.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "title.newReport", { name: args.data?.compound.name ?? "" });

/** 404 for a compound the viewer cannot see, 403 for a viewer who is not one of its verified residents. */
async function pageOr(viewer: Awaited<ReturnType<typeof requireViewer>>, id: number) {
  try {
    return await newReportPage(viewer, id);
  } catch (e) {
    if (e instanceof AppError) throw new Response(e.msg.key, { status: e.status });
    throw e;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  return pageOr(viewer, idParam(params.id));
}

const schema = () =>
  z
    .object({
      subcategory: choice(SUBCATEGORY_KEYS as [string, ...string[]]),
      building: z.preprocess((v) => (v === "" ? undefined : v), idField.optional()),
      spot: optionalText(REPORT_LIMITS.spot),
      title: text(REPORT_LIMITS.title),
      body: text(REPORT_LIMITS.body),
      confirm: z.enum(["1"]).optional(),
    })
    .refine((d) => d.building !== undefined || d.spot !== null, { path: ["building"], message: "direct.placeRequired" });

/** The form carries photos (multipart); read it within the upload limits, or as a plain form without them. */
async function readReportForm(request: Request): Promise<FormData> {
  if (!request.headers.get("Content-Type")?.startsWith("multipart/form-data")) return readForm(request);
  if (Number(request.headers.get("Content-Length") ?? 0) > EVIDENCE_MAX_BODY) throw new Response("evidence.bodyTooBig", { status: 413 });
  try {
    return await unstable_parseMultipartFormData(request, evidenceUploadHandler());
  } catch {
    throw new Response("error.badRequest", { status: 400 });
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request, "request.report");
  const compoundId = idParam(params.id);
  // Who may report here is decided before the body (and its photos) is read.
  await pageOr(viewer, compoundId);
  const form = await readReportForm(request);
  const parsed = parseForm(schema(), form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, undefined, form);
  const d = parsed.data;
  const photos = form.getAll("evidence");
  if (photos.length > REPORT_LIMITS.photos)
    return refusal(new AppError(400, { key: "direct.tooManyPhotos", vars: { max: REPORT_LIMITS.photos } }, "evidence"), undefined, form);
  const place = await attempt(() => checkReportPlace(viewer.actor, compoundId, d.building ?? null), undefined, form);
  if (!place.ok) return place.response;
  const subcategory = d.subcategory as Subcategory;
  const draft = { category: categoryOf(subcategory), buildingId: d.building ?? null, spot: d.building === undefined ? d.spot : null, title: d.title };
  // Step one of two (without JavaScript too): likely duplicates are offered unless the resident confirmed.
  if (d.confirm !== "1") {
    const duplicates = await duplicatesOf(compoundId, draft);
    if (duplicates.length)
      return data({ ok: true as const, duplicates, values: Object.fromEntries([...form].filter(([, v]) => typeof v === "string")) as Record<string, string> });
  }
  const r = await attempt(
    async () => {
      const files = photos.length ? await storeEvidence(photos) : [];
      return asResident(viewer, () =>
        fileReport(viewer.actor, { compoundId, subcategory, buildingId: draft.buildingId, spot: draft.spot, title: d.title, body: d.body, files }, now()),
      );
    },
    undefined,
    form,
  );
  if (!r.ok) return r.response;
  return redirectWithFlash(`/requests/${r.value.id}`, { key: "direct.filed", vars: { level: `level.${r.value.level}` } });
}

export default function NewReport() {
  const t = useT();
  const page = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const duplicates = answer?.ok ? answer.duplicates : [];
  return (
    <>
      <h1>{t("direct.new")}</h1>
      <p>{t("direct.intro")}</p>
      {duplicates.length ? <DuplicateList duplicates={duplicates} /> : null}
      <ReportForm page={page} failed={answer && !answer.ok ? answer : undefined} values={answer?.values} confirm={duplicates.length > 0} />
    </>
  );
}
