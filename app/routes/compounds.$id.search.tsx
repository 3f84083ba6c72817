import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePlace, requireViewer } from "~/auth/guards.server";
import { parseSearch } from "~/web/forms.server";
import { useT, pageTitle } from "~/i18n";
import { compoundSearch } from "~/features/proposals/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.search");

/** The words looked for, at most 100 characters; none when absent. */
const searchSchema = () =>
  z.object({
    q: z
      .string()
      .catch("")
      .transform((s) => s.trim().slice(0, 100)),
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const compound = await requirePlace(viewer, params.id, "compound.view", "compound");
  const { q } = parseSearch(searchSchema, request.url);
  return compoundSearch(compound, q);
}

export default function Search() {
  const t = useT();
  const { compound, q, usable, results } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("search.title", { compound: compound.name })}</h1>
      <Form method="get" className="row" role="search">
        <div className="field grow">
          <label htmlFor="f-q">{t("search.label")}</label>
          <input id="f-q" name="q" type="search" defaultValue={q} maxLength={100} />
        </div>
        <button type="submit">{t("search.submit")}</button>
      </Form>
      {q && !usable ? <p>{t("search.tooShort")}</p> : null}
      {q && usable && results.length === 0 ? <p>{t("search.none", { q })}</p> : null}
      <ul className="plain">
        {results.map((r) => (
          <li key={r.id}>
            <Link to={`/proposals/${r.id}`}>{r.title}</Link>
            <div className="row muted">
              <span className={`badge state-${r.state}`}>{t(`pstate.${r.state}`)}</span>
              <span className="badge">{t(`category.${r.category}`)}</span>
              {r.commentHits > 0 ? <span>{t("search.commentHits", { count: r.commentHits })}</span> : null}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
