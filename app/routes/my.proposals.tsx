import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireViewer } from "~/auth/guards.server";
import { formatDateTime, useLocale, useT, pageTitle } from "~/i18n";
import { myProposals } from "~/features/proposals/page.server";

export const meta: MetaFunction = (args) => pageTitle(args, "title.myProposals");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  return myProposals(viewer);
}

export default function MyProposals() {
  const t = useT();
  const locale = useLocale();
  const { proposals } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("proposal.mine")}</h1>
      {proposals.length === 0 ? <p>{t("proposal.mineEmpty")}</p> : null}
      <ul className="plain">
        {proposals.map((p) => (
          <li key={p.id}>
            <Link to={`/proposals/${p.id}`}>{p.title}</Link>
            <div className="row muted">
              <span className={`badge state-${p.state}`}>{t(`pstate.${p.state}`)}</span>
              <span>{p.compound}</span>
              <span>{formatDateTime(p.updated_at, locale)}</span>
            </div>
            {p.state_reason ? <p className="muted">{t("proposal.stateReason", { reason: p.state_reason })}</p> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
