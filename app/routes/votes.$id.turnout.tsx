import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { forbidden, idParam, requireViewer, visibleOr404 } from "~/auth/guards.server";
import { formatArea } from "~/domain/places";
import { percentOf } from "~/domain/percent";
import { useT, pageTitle } from "~/i18n";
import { turnoutPage } from "~/features/votes/page.server";

export const meta: MetaFunction = (args) => pageTitle(args, "title.turnout");

/** For canvassing: turnout by building, and the dwellings (or people) that have not voted, live. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const page = await visibleOr404(() => turnoutPage(viewer.actor, idParam(params.id)));
  return page ?? forbidden();
}

export default function Turnout() {
  const t = useT();
  const { vote, buildings } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="crumbs">
        <Link to={`/votes/${vote.id}`}>{vote.title}</Link>
      </p>
      <h1>{t("vote.byBuilding")}</h1>
      {buildings.map((b) => (
        <section key={b.buildingId} aria-labelledby={`b-${b.buildingId}`} className="card">
          <h2 id={`b-${b.buildingId}`}>{b.name}</h2>
          <p>{t("vote.turnoutLine", { cast: b.cast, total: b.electors, percent: percentOf(b.cast, b.electors) ?? 0 })}</p>
          {b.areaCenti > 0 ? <p>{t("vote.turnoutArea", { cast: formatArea(b.castAreaCenti), total: formatArea(b.areaCenti) })}</p> : null}
          <h3>{t("vote.notVoted")}</h3>
          {b.missing.length === 0 ? <p>{t("vote.allVoted")}</p> : <p>{b.missing.join("、")}</p>}
        </section>
      ))}
    </>
  );
}
