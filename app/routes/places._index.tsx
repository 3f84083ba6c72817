import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireViewer } from "~/auth/guards.server";
import { useT, pageTitle } from "~/i18n";
import { placesIndexPage } from "~/features/places/page.server";

export const meta: MetaFunction = (args) => pageTitle(args, "title.places");

/** Where each person starts browsing: the top for administrators, the places of their roles for others. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  return placesIndexPage(viewer.actor);
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
