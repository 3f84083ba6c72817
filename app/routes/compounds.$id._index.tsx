import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePlace, requireViewer } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { can } from "~/domain/permissions";
import { type MessageKey, useT } from "~/i18n";
import { countDwellings } from "~/models/dwellings.server";
import { ancestorsOf, buildingsOf } from "~/models/places.server";
import { countVerified, liveResidenciesOf } from "~/models/residencies.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.compound.name ?? ""} · 共治` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const compound = await requirePlace(viewer, params.id, "compound.view", "compound");
  const db = getDb();
  const [ancestors, buildings, dwellings, residents, mine] = await Promise.all([
    ancestorsOf(db, compound),
    buildingsOf(db, compound.id),
    countDwellings(db, compound.id),
    countVerified(db, compound.id),
    liveResidenciesOf(db, viewer.user.id),
  ]);
  const a = viewer.actor;
  return {
    compound: { id: compound.id, name: compound.name },
    street: ancestors.find((p) => p.kind === "street")?.name ?? "",
    community: ancestors.find((p) => p.kind === "community")?.name ?? "",
    buildings: buildings.map((b) => ({
      id: b.id,
      name: b.name,
      dwellings: Number(b.dwellings),
      canSee: can(a, "building.dwellings", { path: b.path, kind: "building" }),
    })),
    dwellings,
    residents,
    mine: mine.filter((r) => r.compound_id === compound.id && r.status === "verified"),
    may: {
      review: can(a, "residency.review", compound),
      residents: can(a, "residents.list", compound),
      codes: can(a, "codes.manage", compound),
      roster: can(a, "roster.import", compound),
    },
  };
}

export default function CompoundHome() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const manage = d.may.review || d.may.residents || d.may.codes || d.may.roster;
  return (
    <>
      <h1>{d.compound.name}</h1>
      <p className="muted">{t("compound.in", { street: d.street, community: d.community })}</p>
      <p>
        {t("compound.dwellings", { count: d.dwellings })} · {t("compound.residents", { count: d.residents })}
      </p>
      {d.mine.map((r) => (
        <p key={r.id} className="card">
          {t("compound.myDwelling", {
            address: t("common.address", { building: r.building, unit: r.unit, room: r.room }),
            relation: t(`relation.${r.relation}` as MessageKey),
          })}
        </p>
      ))}
      <p className="card muted">{t("compound.comingSoon")}</p>
      {manage ? (
        <section aria-labelledby="h-manage">
          <h2 id="h-manage">{t("compound.manage")}</h2>
          <ul className="row plain">
            {d.may.review ? (
              <li>
                <Link to="/review">{t("compound.reviewLink")}</Link>
              </li>
            ) : null}
            {d.may.residents ? (
              <li>
                <Link to={`/compounds/${d.compound.id}/residents`}>{t("compound.residentsLink")}</Link>
              </li>
            ) : null}
            {d.may.codes ? (
              <li>
                <Link to={`/compounds/${d.compound.id}/codes`}>{t("compound.codesLink")}</Link>
              </li>
            ) : null}
            {d.may.roster ? (
              <li>
                <Link to={`/places/${d.compound.id}/roster`}>{t("places.roster")}</Link>
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="h-buildings">
        <h2 id="h-buildings">{t("compound.buildings")}</h2>
        <ul className="plain">
          {d.buildings.map((b) => (
            <li key={b.id}>
              {b.canSee ? <Link to={`/places/${b.id}`}>{b.name}</Link> : b.name} <span className="muted">· {t("compound.dwellings", { count: b.dwellings })}</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

