import { Form } from "@remix-run/react";
import type { ActionFailure } from "~/web/action-failure";
import { CATEGORIES, LIMITS } from "~/domain/categories";
import { useT } from "~/i18n";
import { Field, FieldError, FormAlert, Submit } from "./form";

export interface EditorData extends Partial<ActionFailure> {
  preview?: string;
}

/** Title, category and Markdown body, with a server-rendered preview; works the same with JavaScript off. */
export function ProposalEditor({ initial, data }: { initial?: { title: string; body: string; category: string }; data?: EditorData | null }) {
  const t = useT();
  const values = data?.values ?? (initial ? { title: initial.title, body: initial.body, category: initial.category } : undefined);
  const errors = data?.fieldErrors;
  return (
    <>
      {data?.formError ? <FormAlert msg={data.formError} /> : null}
      <Form method="post" className="stack wide" noValidate>
        <Field name="title" label="proposal.title" errors={errors} values={values} maxLength={LIMITS.title} />
        <div className="field">
          <label htmlFor="f-category">{t("proposal.category")}</label>
          <select id="f-category" name="category" defaultValue={values?.category ?? "housing"}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
          <FieldError name="category" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="f-body">{t("proposal.body")}</label>
          <textarea
            id="f-body"
            name="body"
            rows={12}
            maxLength={LIMITS.body}
            defaultValue={values?.body}
            aria-invalid={errors?.body ? true : undefined}
            aria-describedby={errors?.body ? "f-body-error" : undefined}
          />
          {errors?.body ? (
            <span className="error" id="f-body-error">
              {t.msg(errors.body)}
            </span>
          ) : null}
        </div>
        <div className="row">
          <Submit name="intent" value="preview" className="secondary">
            {t("proposal.preview")}
          </Submit>
          <Submit name="intent" value="save" className="secondary">
            {t("proposal.saveDraft")}
          </Submit>
          <Submit name="intent" value="submit">
            {t("proposal.saveAndSubmit")}
          </Submit>
        </div>
      </Form>
      {data?.preview ? (
        <section aria-labelledby="h-preview" className="card">
          <h2 id="h-preview">{t("proposal.preview")}</h2>
          {/* Rendered on the server by markdown-it with raw HTML off. */}
          <div className="prose" dangerouslySetInnerHTML={{ __html: data.preview }} />
        </section>
      ) : null}
    </>
  );
}
