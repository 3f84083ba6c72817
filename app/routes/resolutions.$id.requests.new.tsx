import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { attempt } from "~/web/actions.server";
import { idParam, notFound, requireActionViewer, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { Field, FieldError, FormAlert, Submit } from "~/components/form";
import { CATEGORIES } from "~/domain/categories";
import { parseYuan } from "~/domain/money";
import { can } from "~/domain/permissions";
import { FUNDING, SUBCATEGORIES, SUBCATEGORY_KEYS, type Subcategory, categoryOf, firstSubcategoryOf } from "~/domain/request-kinds";
import { redirectWithFlash } from "~/web/flash.server";
import { readValidForm } from "~/web/form-action.server";
import { choice, text } from "~/web/forms.server";
import { useT, pageTitle } from "~/i18n";
import { loadResolution } from "~/features/votes/resolutions.server";
import { createRequest } from "~/features/requests/commands.server";
import { newRequestDefaults } from "~/features/requests/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.requestNew");

/** The resolution, for a coordinator of its compound; anyone else who sees the compound gets 403, others 404. */
async function resolutionFor(request: Request, id: string | undefined, viewer: Awaited<ReturnType<typeof requireViewer>>) {
  const { resolution: r } = await loadResolution(request, id);
  const compound = { path: r.compoundPath, kind: "compound" as const };
  if (!can(viewer.actor, "compound.view", compound)) notFound();
  if (!can(viewer.actor, "request.create", compound)) throw new Response("error.forbidden", { status: 403 });
  return r;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const r = await resolutionFor(request, params.id, viewer);
  // The needs category comes from the resolution's proposal unless the coordinator changes it.
  return {
    resolution: { id: r.id, number: r.number, title: r.title },
    defaults: await newRequestDefaults(r.proposalId),
  };
}

const schema = () =>
  z
    .object({
      title: text(80),
      body: text(20_000),
      // The category narrows the sub-categories offered; without it (an older form) the sub-category decides.
      category: choice(CATEGORIES).optional(),
      subcategory: choice(SUBCATEGORY_KEYS as [string, ...string[]]),
      budget: z.string({ required_error: "v.money" }).transform((s, ctx) => {
        const fen = parseYuan(s);
        if (fen === null) {
          ctx.addIssue({ code: "custom", message: "v.money" });
          return z.NEVER;
        }
        return fen;
      }),
      funding: choice(FUNDING),
    })
    .superRefine((d, ctx) => {
      // With JavaScript off, the category may change while a sub-category of another one stays selected.
      if (d.category && categoryOf(d.subcategory as Subcategory) !== d.category)
        ctx.addIssue({ code: "custom", path: ["subcategory"], message: "request.subcategoryMismatch" });
    });

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const resolutionId = idParam(params.id);
  await resolutionFor(request, params.id, viewer);
  const read = await readValidForm(request, schema());
  if (!read.ok) return read.response;
  const { form, data: d } = read;
  const r = await attempt(
    () =>
      createRequest(
        viewer.actor,
        { resolutionId, title: d.title, body: d.body, subcategory: d.subcategory as keyof typeof SUBCATEGORIES, budgetFen: d.budget, funding: d.funding },
        now(),
      ),
    undefined,
    form,
  );
  if (!r.ok) return r.response;
  return redirectWithFlash(`/requests/${r.value.id}`, { key: "request.created", vars: { level: `level.${r.value.level}` } });
}

export default function NewRequest() {
  const t = useT();
  const { resolution, defaults } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const values = failed?.values;
  const [category, setCategory] = useState<string>(values?.category ?? defaults.category);
  const [subcategory, setSubcategory] = useState<string>(values?.subcategory ?? defaults.subcategory);
  // Before the page's script runs (or without it) every sub-category is offered, grouped by category;
  // after, only those of the chosen category.
  const [narrow, setNarrow] = useState(false);
  useEffect(() => setNarrow(true), []);
  const pickCategory = (c: string) => {
    setCategory(c);
    if (SUBCATEGORIES[subcategory as Subcategory] !== c) setSubcategory(firstSubcategoryOf(c as never));
  };
  return (
    <>
      <p className="crumbs">
        <Link to={`/resolutions/${resolution.id}`}>{resolution.title}</Link>
      </p>
      <h1>{t("request.newTitle", { number: resolution.number })}</h1>
      <FormAlert msg={failed?.formError} />
      <Form method="post" className="stack">
        <Field
          name="title"
          label="request.field.title"
          errors={failed?.fieldErrors}
          values={values}
          defaultValue={values?.title ?? resolution.title}
          maxLength={80}
        />
        <div className="field">
          <label htmlFor="body">{t("request.field.body")}</label>
          <textarea
            id="body"
            name="body"
            rows={6}
            required
            maxLength={20000}
            defaultValue={values?.body}
            aria-invalid={failed?.fieldErrors?.body ? true : undefined}
          />
          <FieldError name="body" errors={failed?.fieldErrors} />
        </div>
        <div className="field">
          <label htmlFor="category">{t("request.field.category")}</label>
          <select id="category" name="category" required value={category} onChange={(e) => pickCategory(e.target.value)}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
          <FieldError name="category" errors={failed?.fieldErrors} />
        </div>
        <div className="field">
          <label htmlFor="subcategory">{t("request.field.subcategory")}</label>
          <select
            id="subcategory"
            name="subcategory"
            required
            value={subcategory}
            onChange={(e) => setSubcategory(e.target.value)}
            aria-invalid={failed?.fieldErrors?.subcategory ? true : undefined}
          >
            {CATEGORIES.filter((c) => !narrow || c === category).map((c) => (
              <optgroup key={c} label={t(`category.${c}`)}>
                {SUBCATEGORY_KEYS.filter((s) => SUBCATEGORIES[s] === c).map((s) => (
                  <option key={s} value={s}>
                    {t(`sub.${s}`)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <FieldError name="subcategory" errors={failed?.fieldErrors} />
        </div>
        <Field
          name="budget"
          label="request.field.budget"
          hint="request.field.budgetHint"
          inputMode="text"
          errors={failed?.fieldErrors}
          values={values}
          maxLength={16}
        />
        <div className="field">
          <label htmlFor="funding">{t("request.field.funding")}</label>
          <select id="funding" name="funding" required defaultValue={values?.funding ?? "maintenance_fund"}>
            {FUNDING.map((f) => (
              <option key={f} value={f}>
                {t(`funding.${f}`)}
              </option>
            ))}
          </select>
          <FieldError name="funding" errors={failed?.fieldErrors} />
        </div>
        <div>
          <Submit>{t("request.create")}</Submit>
        </div>
      </Form>
    </>
  );
}
