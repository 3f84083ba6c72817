import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireViewer } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { can, isAdmin } from "~/domain/permissions";
import { pathIds } from "~/domain/places";
import { useT, pageTitle } from "~/i18n";
import { listRoots } from "~/features/places/queries.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.places");

/** Where each person starts browsing: the top for administrators, the places of their roles for others. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const db = getDb();
  if (isAdmin(viewer.actor)) {
    const roots = await listRoots(db);
    return { places: roots.map((p) => ({ id: p.id, name: p.name, kind: p.kind })) };
  }
  const ids = new Set<number>();
  for (const g of viewer.actor.grants) if (g.placePath) ids.add(pathIds(g.placePath).at(-1) as number);
  for (const r of viewer.actor.residencies) ids.add(r.compoundId);
  const rows = ids.size ? await db.selectFrom("places").selectAll().where("id", "in", [...ids]).orderBy("path").execute() : [];
  return { places: rows.filter((p) => can(viewer.actor, "place.view", p)).map((p) => ({ id: p.id, name: p.name, kind: p.kind })) };
}

export default function Places() {
  const t = useT();
  const { places } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("places.title")}</h1>
      {places.length === 0 ? <p>{t("places.none")}</p> : null}
      <ul className="plain">
        {places.map((p) => (
          <li key={p.id}>
            <span className="badge">{t(`kind.${p.kind}`)}</span> <Link to={`/places/${p.id}`}>{p.name}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}
