import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePlace, requireViewer } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { matchQuery } from "~/domain/search-text";
import { useT, pageTitle } from "~/i18n";
import { searchCompound } from "~/features/proposals/search-queries.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.search");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const compound = await requirePlace(viewer, params.id, "compound.view", "compound");
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 100);
  const usable = q ? matchQuery(q) !== null : false;
  const results = usable ? await searchCompound(getDb(), compound.id, q) : [];
  return { compound: { id: compound.id, name: compound.name }, q, usable, results };
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
