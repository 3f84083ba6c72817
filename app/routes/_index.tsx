import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getViewer } from "~/auth/guards.server";
import { Address } from "~/components/address";
import { getDb } from "~/db.server";
import { scopePaths } from "~/domain/permissions";
import { type MessageKey, useT } from "~/i18n";
import { liveResidenciesOf, pendingClaims } from "~/models/residencies.server";
import { activeGrantsOf } from "~/models/roles.server";

export const meta: MetaFunction = () => [{ title: "共治 · 小区议事协商" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  if (!viewer) return { signedIn: false as const };
  const db = getDb();
  const scope = scopePaths(viewer.actor, "residency.review");
  const [residencies, grants, claims] = await Promise.all([
    liveResidenciesOf(db, viewer.user.id),
    activeGrantsOf(db, viewer.user.id),
    scope === "all" || scope.length > 0 ? pendingClaims(db, scope) : Promise.resolve([]),
  ]);
  return { signedIn: true as const, name: viewer.user.name, residencies, grants, reviewCount: claims.length };
}

export default function Home() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  if (!data.signedIn) {
    return (
      <>
        <h1>{t("app.name")}</h1>
        <p>{t("app.description")}</p>
        <p>{t("home.intro")}</p>
        <p className="row">
          <Link className="button" to="/login">
            {t("nav.login")}
          </Link>
          <Link className="button secondary" to="/register">
            {t("nav.register")}
          </Link>
        </p>
      </>
    );
  }
  const verified = data.residencies.filter((r) => r.status === "verified");
  const pending = data.residencies.filter((r) => r.status === "pending");
  return (
    <>
      <h1>{t("home.welcome", { name: data.name })}</h1>
      {data.reviewCount > 0 ? (
        <p className="card">
          <Link to="/review">{t("home.reviewCount", { count: data.reviewCount })}</Link>
        </p>
      ) : null}
      <section aria-labelledby="h-res">
        <h2 id="h-res">{t("home.myResidencies")}</h2>
        {verified.length === 0 ? <p>{t("home.noResidency")}</p> : null}
        <ul className="plain">
          {verified.map((r) => (
            <li key={r.id}>
              <Link to={`/compounds/${r.compound_id}`}>{r.compound}</Link> · <Address building={r.building} unit={r.unit} room={r.room} /> ·{" "}
              {t(`relation.${r.relation}` as MessageKey)}
            </li>
          ))}
        </ul>
        {pending.length > 0 ? (
          <>
            <h3>{t("home.pendingClaims")}</h3>
            <ul className="plain">
              {pending.map((r) => (
                <li key={r.id}>
                  {r.compound} · <Address building={r.building} unit={r.unit} room={r.room} /> <span className="badge">{t("status.pending")}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p className="row">
          <Link className="button secondary" to="/claim">
            {t("home.claimCta")}
          </Link>
          <Link className="button secondary" to="/redeem">
            {t("home.redeemCta")}
          </Link>
        </p>
      </section>
      {data.grants.length > 0 ? (
        <section aria-labelledby="h-roles">
          <h2 id="h-roles">{t("home.myRoles")}</h2>
          <ul className="plain">
            {data.grants.map((g) => (
              <li key={g.id}>
                {t(`role.${g.role}` as MessageKey)}
                {g.place ? (
                  <>
                    {" · "}
                    <Link to={g.place_kind === "compound" ? `/compounds/${g.place_id}` : `/places/${g.place_id}`}>{g.place}</Link>
                  </>
                ) : (
                  ` · ${t("roles.wholeDeployment")}`
                )}
                {g.department ? ` · ${g.department}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
