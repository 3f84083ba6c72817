import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { readForm, requireActionViewer, requireViewer, safeRedirect } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { FilterSelect, Submit } from "~/components/form";
import { CATEGORIES } from "~/domain/categories";
import { REQUEST_STATES } from "~/domain/request-flow";
import { redirectWithFlash } from "~/web/flash.server";
import { lastDay } from "~/domain/working-days";
import { formatDate, formatDateTime, useLocale, useT, pageTitle } from "~/i18n";
import { AppError } from "~/features/errors";
import { parseSearch } from "~/web/forms.server";
import { moveRequest } from "~/features/requests/commands.server";
import { INBOX_VIEWS, type InboxView, inboxPage } from "~/features/requests/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.inbox");

/**
 * The inbox's search parameters. Each comes from a link or a select of the page: a value that is not one of
 * them falls back to its default rather than failing the page; a search is cut to 80 characters.
 */
const querySchema = () =>
  z.object({
    office: z.string().max(40).nullable().catch(null).default(null),
    view: z.enum(INBOX_VIEWS).catch("here"),
    state: z.enum(["open", ...REQUEST_STATES]).catch("open"),
    category: z.enum(CATEGORIES).nullable().catch(null),
    compound: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable().catch(null),
    overdue: z.literal("1").nullable().catch(null),
    page: z.coerce.number().int().min(1).max(10_000).catch(1),
    q: z
      .string()
      .catch("")
      .transform((s) => s.trim().slice(0, 80)),
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const p = parseSearch(querySchema, request.url);
  const filter = { view: p.view, state: p.state, category: p.category, compoundId: p.compound, overdue: p.overdue === "1", page: p.page, q: p.q };
  return inboxPage(viewer, p.office, filter, now());
}

/** Bulk accept: each ticked request is accepted on its own; one that moved meanwhile is skipped and counted. */
export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const form = await readForm(request);
  const back = safeRedirect(form.get("back"), "/requests");
  const ids = [...new Set(form.getAll("ids").map(Number))].filter((n) => Number.isSafeInteger(n) && n > 0).slice(0, 200);
  if (ids.length === 0) return redirectWithFlash(back, { key: "inbox.bulkNone" });
  let done = 0;
  for (const id of ids) {
    try {
      await moveRequest(viewer.actor, { requestId: id, action: "accept" }, now());
      done++;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
    }
  }
  const skipped = ids.length - done;
  return redirectWithFlash(back, skipped ? { key: "inbox.bulkSkipped", vars: { done, skipped } } : { key: "inbox.bulkDone", vars: { done } });
}

export default function Inbox() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  if (!d.office) {
    return (
      <>
        <h1>{t("inbox.title")}</h1>
        <p>{t("inbox.noOffice")}</p>
      </>
    );
  }
  const f = d.filter;
  const pageLink = (page: number) => {
    const p = new URLSearchParams(params);
    p.set("page", String(page));
    return `?${p.toString()}`;
  };
  const back = `/requests?${params.toString()}`;
  const office = d.office;
  const viewName = (v: InboxView) => t(v === "up" ? `inbox.view.up.${office.level}` : `inbox.view.${v}`);
  const viewLink = (v: InboxView) => `?${new URLSearchParams({ office: office.key, view: v }).toString()}`;
  const here = f.view === "here";
  return (
    <>
      <h1>{t("inbox.title")}</h1>
      <p>{t("inbox.officeName", { office: office.name, level: t(`level.${office.level}`) })}</p>
      <nav aria-label={t("inbox.views")}>
        <ul className="plain row views">
          {d.views.map((v) => (
            <li key={v}>
              {v === f.view ? (
                <strong>
                  <Link to={viewLink(v)} aria-current="page">
                    {viewName(v)}
                  </Link>
                </strong>
              ) : (
                <Link to={viewLink(v)}>{viewName(v)}</Link>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <Form method="get" className="filters stack" aria-label={t("inbox.filters")}>
        <input type="hidden" name="view" value={f.view} />
        <div className="field">
          <label htmlFor="q">{t("inbox.search")}</label>
          <input id="q" name="q" type="search" maxLength={80} defaultValue={f.q} />
        </div>
        {d.offices.length > 1 ? (
          <div className="field">
            <label htmlFor="office">{t("inbox.office")}</label>
            <select id="office" name="office" defaultValue={d.office.key}>
              {d.offices.map((o) => (
                <option key={o.key} value={o.key}>
                  {t("inbox.officeName", { office: o.name, level: t(`level.${o.level}`) })}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <input type="hidden" name="office" value={d.office.key} />
        )}
        <div className="row">
          <FilterSelect
            id="state"
            name="state"
            label={t("inbox.state")}
            value={f.state}
            first={{ label: t("inbox.open"), value: "open" }}
            options={REQUEST_STATES.map((s) => ({ value: s, label: t(`rstate.${s}`) }))}
          />
          <FilterSelect
            id="category"
            name="category"
            label={t("inbox.category")}
            value={f.category ?? ""}
            first={{ label: t("inbox.all") }}
            options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
          />
          {d.compounds.length > 1 || f.compoundId ? (
            <FilterSelect
              id="compound"
              name="compound"
              label={t("inbox.compound")}
              value={f.compoundId ?? ""}
              first={{ label: t("inbox.all") }}
              options={d.compounds.map((c) => ({ value: c.id, label: c.name }))}
            />
          ) : null}
          <label htmlFor="overdue" className="block">
            <input id="overdue" type="checkbox" name="overdue" value="1" defaultChecked={f.overdue} /> {t("inbox.overdueOnly")}
          </label>
        </div>
        <div>
          <button type="submit" className="secondary">
            {t("inbox.apply")}
          </button>
        </div>
      </Form>
      <h2>{viewName(f.view)}</h2>
      {f.view === "here" ? null : <p className="muted">{t(`inbox.viewHint.${f.view}`)}</p>}
      <p>{t("inbox.count", { total: d.total, overdue: d.overdue })}</p>
      {d.rows.length === 0 ? (
        <p className="muted">{t("inbox.empty")}</p>
      ) : !here ? (
        <ul className="plain inbox">
          {d.rows.map((r) => {
            const late = r.due_at !== null && r.due_at < d.at;
            return (
              <li key={r.id} className={late ? "late" : undefined}>
                <span className="tick" />
                <span>
                  <Link to={`/requests/${r.id}`}>{r.title}</Link> <span className="muted">{t("inbox.number", { id: r.id })}</span>
                  <br />
                  <span className="muted">
                    {r.compound} · {t(`sub.${r.subcategory}`)} · {t("inbox.now", { level: t(`level.${r.level}`), place: r.place })} · {t(`rstate.${r.state}`)}
                    {r.due_at
                      ? ` · ${t("inbox.due")} ${formatDate(lastDay(r.due_at), locale)}`
                      : r.completed_at
                        ? ` · ${formatDateTime(r.completed_at, locale)}`
                        : ""}
                  </span>
                  {late ? <span className="badge overdue">{t("request.overdue")}</span> : null}
                </span>
              </li>
            );
          })}
        </ul>
      ) : (
        <Form method="post" className="stack">
          <input type="hidden" name="back" value={back} />
          <ul className="plain inbox">
            {d.rows.map((r) => {
              const late = r.due_at !== null && r.due_at < d.at;
              return (
                <li key={r.id} className={late ? "late" : undefined}>
                  {r.state === "received" ? (
                    <input type="checkbox" name="ids" value={r.id} aria-label={t("inbox.select", { title: r.title })} />
                  ) : (
                    <span className="tick" />
                  )}
                  <span>
                    <Link to={`/requests/${r.id}`}>{r.title}</Link> <span className="muted">{t("inbox.number", { id: r.id })}</span>
                    <br />
                    <span className="muted">
                      {r.compound} · {t(`sub.${r.subcategory}`)} · {t(`rstate.${r.state}`)} ·{" "}
                      {r.due_at ? `${t("inbox.due")} ${formatDate(lastDay(r.due_at), locale)}` : r.completed_at ? formatDateTime(r.completed_at, locale) : ""}
                    </span>
                    {late ? <span className="badge overdue">{t("request.overdue")}</span> : null}
                  </span>
                </li>
              );
            })}
          </ul>
          {d.rows.some((r) => r.state === "received") ? (
            <div>
              <Submit>{t("inbox.bulkAccept")}</Submit>
            </div>
          ) : null}
        </Form>
      )}
      {d.pages > 1 ? (
        <nav className="row" aria-label={t("inbox.page", { page: f.page, pages: d.pages })}>
          {f.page > 1 ? <Link to={pageLink(f.page - 1)}>{t("inbox.prev")}</Link> : null}
          <span>{t("inbox.page", { page: f.page, pages: d.pages })}</span>
          {f.page < d.pages ? <Link to={pageLink(f.page + 1)}>{t("inbox.next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
