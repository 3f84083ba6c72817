import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { now } from "~/clock.server";
import { FieldError, FilterSelect, FormAlert, Submit } from "~/components/form";
import { redirectWithFlash } from "~/web/flash.server";
import { parseForm, parseSearch } from "~/web/forms.server";
import { setCosponsorThreshold } from "~/features/proposals/commands.server";
import { compoundHome, pendingClaimPage } from "~/features/proposals/page.server";
import { ProposalList } from "~/components/proposal-list";
import { CATEGORIES } from "~/domain/categories";
import { PROPOSAL_STATES } from "~/domain/proposal-lifecycle";
import { readForm, requireActionViewer, requirePlace, requireViewer } from "~/auth/guards.server";
import { formatDate, formatDateTime, useLocale, useT, pageTitle } from "~/i18n";
import { RequestList } from "~/components/request-list";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "title.place", { name: args.data?.compound.name ?? "" });

const pageNumber = () => z.coerce.number().int().min(1).max(10_000).catch(1);
/** A keyset position "<last_activity_at>_<id>", as the "more" link writes it. */
const afterField = () =>
  z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_(\d+)$/)
    .transform((v) => {
      const [, at, id] = /^(.+)_(\d+)$/.exec(v)!;
      return { at, id: Number(id) };
    })
    .optional()
    .catch(undefined);
/**
 * The proposal filter (state, category, the keyset position), ?page= for the requests and ?rpage= for the
 * resolutions; anything malformed is left out (the first page, no filter).
 */
const homeSearch = () =>
  z.object({
    state: z.enum(PROPOSAL_STATES).optional().catch(undefined),
    category: z.enum(CATEGORIES).optional().catch(undefined),
    after: afterField(),
    page: pageNumber(),
    rpage: pageNumber(),
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const pending = await pendingClaimPage(viewer, params.id);
  if (pending) return pending;
  const compound = await requirePlace(viewer, params.id, "compound.view", "compound");
  return compoundHome(viewer, compound, parseSearch(homeSearch, request.url));
}

const thresholdSchema = () =>
  z.object({
    threshold: z.coerce.number({ invalid_type_error: "v.threshold" }).int("v.threshold").min(1, "v.threshold").max(100, "v.threshold"),
  });

/** Coordinators set how many distinct dwellings publish a submitted proposal without review. */
export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const compound = await requirePlace(viewer, params.id, "proposal.review", "compound");
  const form = await readForm(request);
  const parsed = parseForm(thresholdSchema, form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, "threshold", form);
  const r = await attempt(() => setCosponsorThreshold(viewer.actor, { compoundId: compound.id, threshold: parsed.data.threshold }, now()), "threshold", form);
  if (!r.ok) return r.response;
  return redirectWithFlash(`/compounds/${compound.id}`, { key: "compound.thresholdSaved", vars: { threshold: parsed.data.threshold } });
}

function PendingClaim({ d }: { d: { compound: { name: string }; claims: { id: number; building: string; unit: string; room: string; at: string }[] } }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{d.compound.name}</h1>
      <p className="card" role="status">
        {t("compound.claimPending")}
      </p>
      <ul className="plain">
        {d.claims.map((c) => (
          <li key={c.id}>
            {t("common.address", { building: c.building, unit: c.unit, room: c.room })} <span className="badge">{t("status.pending")}</span>{" "}
            <span className="muted">{t("compound.claimedAt", { at: formatDateTime(c.at, locale) })}</span>
          </li>
        ))}
      </ul>
      <p>{t("compound.claimPendingHint")}</p>
    </>
  );
}

/** "Earlier" and "later" links for one of the page's lists, keeping everything else of the address (the other
 * list's page, the proposal filter). */
function Pager({ param, page, more }: { param: "page" | "rpage"; page: number; more: boolean }) {
  const t = useT();
  const { search } = useLocation();
  const href = (n: number) => {
    const q = new URLSearchParams(search);
    if (n > 1) q.set(param, String(n));
    else q.delete(param);
    return `?${q.toString()}`;
  };
  if (page === 1 && !more) return null;
  return (
    <p className="pager row">
      {page > 1 ? <Link to={href(page - 1)}>{t("compound.newer")}</Link> : null}
      {more ? <Link to={href(page + 1)}>{t("compound.older")}</Link> : null}
    </p>
  );
}

export default function CompoundPage() {
  const d = useLoaderData<typeof loader>();
  return d.pending ? <PendingClaim d={d} /> : <CompoundHome d={d} />;
}

function CompoundHome({ d }: { d: Extract<SerializeFrom<typeof loader>, { pending: false }> }) {
  const t = useT();
  const locale = useLocale();
  const failed = useActionData<typeof action>();
  const manage = d.may.review || d.may.residents || d.may.codes || d.may.roster || d.may.reviewProposals || d.may.moderate;
  return (
    <>
      <h1>{d.compound.name}</h1>
      <p className="muted">{t("compound.in", { street: d.street, community: d.community })}</p>
      <p>
        {t("compound.dwellings", { count: d.dwellings })} · {t("compound.residents", { count: d.residents })} ·{" "}
        <Link to={`/places/${d.compound.id}/metrics`}>{t("metrics.link")}</Link> · <Link to={`/p/${d.compound.id}`}>{t("public.link")}</Link>
      </p>
      {d.mine.map((r) => (
        <p key={r.id} className="card">
          {t("compound.myDwelling", {
            address: t("common.address", { building: r.building, unit: r.unit, room: r.room }),
            relation: t(`relation.${r.relation}`),
          })}
        </p>
      ))}
      <section aria-labelledby="h-proposals">
        <h2 id="h-proposals">{t("proposal.list")}</h2>
        <div className="row">
          {d.may.propose ? (
            <Link className="button" to={`/compounds/${d.compound.id}/proposals/new`}>
              {t("proposal.new")}
            </Link>
          ) : null}
          {/* request.report is granted exactly where proposal.create is: to the compound's verified residents. */}
          {d.may.propose ? (
            <Link className="button secondary" to={`/compounds/${d.compound.id}/report`}>
              {t("direct.link")}
            </Link>
          ) : null}
          <Form method="get" action={`/compounds/${d.compound.id}/search`} className="row grow" role="search">
            <div className="field grow">
              <label htmlFor="f-search">{t("search.label")}</label>
              <input id="f-search" name="q" type="search" maxLength={100} />
            </div>
            <button type="submit" className="secondary">
              {t("search.submit")}
            </button>
          </Form>
        </div>
        <Form method="get" className="filters">
          <FilterSelect
            id="f-state"
            name="state"
            label={t("field.status")}
            value={d.filter.state}
            first={{ label: t("proposal.allStates") }}
            options={PROPOSAL_STATES.filter((s) => s !== "draft").map((s) => ({ value: s, label: t(`pstate.${s}`) }))}
          />
          <FilterSelect
            id="f-category"
            name="category"
            label={t("proposal.category")}
            value={d.filter.category}
            first={{ label: t("proposal.allCategories") }}
            options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
          />
          <button type="submit" className="secondary">
            {t("proposal.filter")}
          </button>
        </Form>
        <ProposalList items={d.proposals} />
        {d.next ? (
          <p className="pager">
            <Link to={`?${d.next}`}>{t("proposal.more")}</Link>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="h-resolutions">
        <h2 id="h-resolutions">{t("compound.resolutions")}</h2>
        {d.resolutions.items.length === 0 ? <p className="muted">{t("compound.noResolutions")}</p> : null}
        <ul className="plain">
          {d.resolutions.items.map((r) => (
            <li key={r.id}>
              <Link to={`/resolutions/${r.id}`}>{t("resolution.title", { number: r.number })}</Link> {r.title}{" "}
              <span className="muted">· {formatDate(r.created_at, locale)}</span>
            </li>
          ))}
        </ul>
        <Pager param="rpage" page={d.resolutions.page} more={d.resolutions.more} />
      </section>
      <section aria-labelledby="h-requests">
        <h2 id="h-requests">{t("request.list")}</h2>
        <RequestList items={d.requests.items} />
        <Pager param="page" page={d.requests.page} more={d.requests.more} />
      </section>
      {manage ? (
        <section aria-labelledby="h-manage">
          <h2 id="h-manage">{t("compound.manage")}</h2>
          <ul className="row plain">
            {d.may.reviewProposals ? (
              <li>
                <Link to={`/compounds/${d.compound.id}/proposals/review`}>{t("proposal.reviewQueue")}</Link>
              </li>
            ) : null}
            {d.may.moderate ? (
              <li>
                <Link to={`/compounds/${d.compound.id}/reports`}>{t("report.queue")}</Link>
              </li>
            ) : null}
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
          {d.may.reviewProposals ? (
            <Form method="post" className="row">
              <FormAlert msg={failed?.formError} />
              <div className="field">
                <label htmlFor="f-threshold">{t("compound.threshold")}</label>
                <input id="f-threshold" name="threshold" type="number" min={1} max={100} defaultValue={failed?.values?.threshold ?? d.threshold} required />
                <FieldError name="threshold" errors={failed?.fieldErrors} />
              </div>
              <Submit className="secondary">{t("common.save")}</Submit>
            </Form>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="h-buildings">
        <h2 id="h-buildings">{t("compound.buildings")}</h2>
        <ul className="plain">
          {d.buildings.map((b) => (
            <li key={b.id}>
              {b.canSee ? <Link to={`/places/${b.id}`}>{b.name}</Link> : b.name}{" "}
              <span className="muted">· {t("compound.dwellings", { count: b.dwellings })}</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
