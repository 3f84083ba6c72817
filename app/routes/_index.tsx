import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { Address } from "~/components/address";
import { formatDateTime, useLocale, useT, pageTitle } from "~/i18n";
import { type Waiting, homePage } from "~/features/home/page.server";
import { publicCompounds } from "~/features/public/page.server";

export const meta: MetaFunction = (args) => pageTitle(args, "title.home");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  if (!viewer) return { signedIn: false as const, compounds: await publicCompounds() };
  return homePage(viewer, now());
}

/** What waits for this person: a vote to cast, a request to rate, news on their proposals, claims to review. */
function Waiting({ w }: { w: Waiting }) {
  const t = useT();
  const locale = useLocale();
  const none = w.votes.length === 0 && w.toRate.length === 0 && w.news.length === 0 && w.claims === 0 && w.inboxes.length === 0;
  return (
    <section aria-labelledby="h-waiting">
      <h2 id="h-waiting">{t("home.waiting")}</h2>
      {none ? <p className="muted">{t("home.nothingWaiting")}</p> : null}
      {w.inboxes.map((o) => (
        <p className="card" key={o.key}>
          <Link to={`/requests?office=${encodeURIComponent(o.key)}`}>
            {t(o.overdue > 0 ? "home.inboxCountOverdue" : "home.inboxCount", { count: o.total, overdue: o.overdue, office: o.name })}
          </Link>
        </p>
      ))}
      {w.claims > 0 ? (
        <p className="card">
          <Link to="/review">{t("home.reviewCount", { count: w.claims })}</Link>
        </p>
      ) : null}
      {w.votes.length > 0 ? (
        <>
          <h3>{t("home.votesToCast")}</h3>
          <ul className="plain">
            {w.votes.map((v) => (
              <li key={v.id}>
                <Link to={`/votes/${v.id}`}>{v.title}</Link>
                <div className="muted">
                  {v.compound} · {t("home.voteCloses", { at: formatDateTime(v.closesAt, locale) })}
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {w.toRate.length > 0 ? (
        <>
          <h3>{t("home.requestsToRate")}</h3>
          <ul className="plain">
            {w.toRate.map((r) => (
              <li key={r.id}>
                <Link to={`/requests/${r.id}`}>{r.title}</Link>
                <div className="muted">
                  {r.compound}
                  {r.completedAt ? ` · ${t("home.completedAt", { at: formatDateTime(r.completedAt, locale) })}` : ""}
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {w.news.length > 0 ? (
        <>
          <h3>{t("home.proposalNews")}</h3>
          <ul className="plain">
            {w.news.map((p) => (
              <li key={p.id}>
                <Link to={`/proposals/${p.id}`}>{p.title}</Link>
                <div className="row muted">
                  <span className={`badge state-${p.state}`}>{t(`pstate.${p.state}`)}</span>
                  <span>{t("home.comments", { count: p.comments })}</span>
                  <span>{t("proposal.lastActivity", { time: formatDateTime(p.at, locale) })}</span>
                  {p.unread > 0 ? <Link to="/notifications">{t("home.unread", { count: p.unread })}</Link> : null}
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
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
        {data.compounds.length > 0 ? (
          <section aria-labelledby="h-public">
            <h2 id="h-public">{t("public.frontDoor")}</h2>
            <p className="muted">{t("public.frontDoorHint")}</p>
            <ul className="plain">
              {data.compounds.map((c) => (
                <li key={c.id}>
                  <Link to={`/p/${c.id}`}>{c.name}</Link>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </>
    );
  }
  const verified = data.residencies.filter((r) => r.status === "verified");
  const pending = data.residencies.filter((r) => r.status === "pending");
  return (
    <>
      <h1>{t("home.welcome", { name: data.name })}</h1>
      <Waiting w={data.waiting} />
      {/* Someone who serves others and lives nowhere here has no "my dwellings" to show: only the small link below. */}
      {data.claimPrompt !== "quiet" || data.residencies.length > 0 ? (
        <section aria-labelledby="h-res">
          <h2 id="h-res">{t("home.myResidencies")}</h2>
          {verified.length === 0 && data.claimPrompt === "full" ? <p>{t("home.noResidency")}</p> : null}
          <ul className="plain">
            {verified.map((r) => (
              <li key={r.id}>
                <Link to={`/compounds/${r.compound_id}`}>{r.compound}</Link> · <Address building={r.building} unit={r.unit} room={r.room} /> ·{" "}
                {t(`relation.${r.relation}`)}
              </li>
            ))}
          </ul>
          {pending.length > 0 ? (
            <>
              <h3>{t("home.pendingClaims")}</h3>
              <ul className="plain">
                {pending.map((r) => (
                  <li key={r.id}>
                    <Link to={`/compounds/${r.compound_id}`}>{r.compound}</Link> · <Address building={r.building} unit={r.unit} room={r.room} />{" "}
                    <span className="badge">{t("status.pending")}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {data.claimPrompt === "full" ? (
            <p className="row">
              <Link className="button secondary" to="/claim">
                {t("home.claimCta")}
              </Link>
              <Link className="button secondary" to="/redeem">
                {t("home.redeemCta")}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}
      {data.grants.length > 0 ? (
        <section aria-labelledby="h-roles">
          <h2 id="h-roles">{t("home.myRoles")}</h2>
          <ul className="plain">
            {data.grants.map((g) => (
              <li key={g.id}>
                {t(`role.${g.role}`)}
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
      {data.claimPrompt === "quiet" ? (
        <p className="muted">
          <Link to="/claim">{t("home.claimQuiet")}</Link>
        </p>
      ) : null}
    </>
  );
}
