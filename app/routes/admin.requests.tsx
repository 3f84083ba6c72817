import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FilterSelect } from "~/components/form";
import { requireAllowed, requireViewer } from "~/auth/guards.server";
import { RequestList } from "~/components/request-list";
import { CATEGORIES } from "~/domain/categories";
import { canAdminister } from "~/domain/permissions";
import { LEVELS, REQUEST_STATES } from "~/domain/request-flow";
import { useT, pageTitle } from "~/i18n";
import { parseSearch } from "~/web/forms.server";
import { requestOverviewPage } from "~/features/requests/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.adminRequests");

/** Each filter is one of its values or nothing; a bad value is read as "all", never an error page. */
const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).nullable().catch(null);
const filterSchema = () =>
  z.object({
    state: oneOf(REQUEST_STATES as unknown as readonly [string, ...string[]]),
    level: oneOf(LEVELS as unknown as readonly [string, ...string[]]),
    category: oneOf(CATEGORIES as unknown as readonly [string, ...string[]]),
    before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable().catch(null),
  });

/** Every request of the deployment, newest first, filtered by state, level and category (administrators). */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  requireAllowed(viewer, canAdminister(viewer.actor));
  const f = parseSearch(filterSchema, request.url);
  const filter = {
    state: f.state as (typeof REQUEST_STATES)[number] | null,
    level: f.level as (typeof LEVELS)[number] | null,
    category: f.category as (typeof CATEGORIES)[number] | null,
  };
  const { items, more } = await requestOverviewPage({ ...filter, before: f.before });
  const keep = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== null)) as Record<string, string>;
  return {
    items,
    filter: { state: filter.state ?? "", level: filter.level ?? "", category: filter.category ?? "" },
    older: more ? new URLSearchParams({ ...keep, before: String(items[items.length - 1].id) }).toString() : null,
    newest: f.before ? new URLSearchParams(keep).toString() : null,
  };
}

export default function AdminRequests() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <p className="crumbs">
        <Link to="/admin">{t("admin.title")}</Link>
      </p>
      <h1>{t("admin.requests")}</h1>
      <Form method="get" className="filters" aria-label={t("inbox.filters")}>
        <FilterSelect
          id="f-state"
          name="state"
          label={t("inbox.state")}
          value={d.filter.state}
          first={{ label: t("inbox.all") }}
          options={REQUEST_STATES.map((s) => ({ value: s, label: t(`rstate.${s}`) }))}
        />
        <FilterSelect
          id="f-level"
          name="level"
          label={t("admin.requestLevel")}
          value={d.filter.level}
          first={{ label: t("inbox.all") }}
          options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))}
        />
        <FilterSelect
          id="f-category"
          name="category"
          label={t("inbox.category")}
          value={d.filter.category}
          first={{ label: t("inbox.all") }}
          options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        />
        <button type="submit" className="secondary">
          {t("inbox.apply")}
        </button>
      </Form>
      {d.items.length === 0 ? <p>{t("inbox.empty")}</p> : <RequestList items={d.items} />}
      <p className="pager row">
        {d.newest !== null ? <Link to={`?${d.newest}`}>{t("admin.requestsNewest")}</Link> : null}
        {d.older ? <Link to={`?${d.older}`}>{t("audit.older")}</Link> : null}
      </p>
    </>
  );
}
