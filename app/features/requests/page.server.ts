// What the request pages show: the inbox of an office, one request with what its viewer may do, the form
// that makes one from a resolution, an evidence photo, and the administrator's lists and rules.
import type { Viewer } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { type Actor, can, canHandleRequest, inboxOffices, isAdmin } from "~/domain/permissions";
import { dispatchDefault, listedDepartment, moveRequest as domainMove, LEVELS } from "~/domain/request-flow";
import { firstSubcategoryOf, isOverdue, mayReopen } from "~/domain/request-kinds";
import { budgetText } from "~/domain/money";
import { listDepartments } from "~/features/places/queries.server";
import { getProposal } from "~/features/proposals/queries.server";
import { fail } from "~/features/errors";
import { loadVisibleRequest, ratingWindowOpen } from "~/features/requests/access.server";
import { readStoredFile } from "~/features/requests/evidence.server";
import { originOf } from "~/features/requests/report-page.server";
import {
  INBOX_PAGE,
  INBOX_VIEWS,
  type InboxFilter,
  type InboxView,
  type ListFilter,
  type Office,
  allStreets,
  compoundsOf,
  listRequests,
  officeRow,
  requestRows,
  scopeOf,
  viewsOf,
} from "~/features/requests/queries.server";
import { evidenceFile, evidenceOf, myRating, ratingCounts, streetDepartments, timeline } from "~/features/requests/request-queries.server";
import { listCalendar, loadRules, responsibilityList } from "~/features/requests/rules-queries.server";
import type { RequestLevel } from "../../../db/schema";

export { INBOX_VIEWS };
export type { InboxView };

const lastId = (path: string | null) => Number(path?.split("/").filter(Boolean).at(-1));

interface OfficeChoice extends Office {
  key: string;
  name: string;
  path: string;
}

/**
 * One office by level and id: a department, or a place; null when none. `strict`: the place must be of that
 * level's kind (an address typed by an administrator). A coordinator of a community holds the compound level
 * at the community itself, so the person's own offices are taken as their grants say.
 */
async function officeOf(level: RequestLevel, id: number, strict: boolean): Promise<OfficeChoice | null> {
  const o = await officeRow(getDb(), level, id);
  if (!o || (strict && level !== "department" && o.kind !== level)) return null;
  return { level, id: o.id, key: `${level}:${o.id}`, name: o.name, path: o.path };
}

/** The offices whose inbox this person reads; an administrator may open any office's by its key. */
async function officesOf(actor: Actor, wanted: string | null): Promise<OfficeChoice[]> {
  const out: OfficeChoice[] = [];
  for (const o of inboxOffices(actor)) {
    const office = await officeOf(o.level, o.level === "department" ? o.departmentId! : lastId(o.path), false);
    if (office) out.push(office);
  }
  if (isAdmin(actor) && wanted && !out.some((o) => o.key === wanted)) {
    const [level, raw] = wanted.split(":");
    const id = Number(raw);
    if ((["compound", "community", "street", "department"] as string[]).includes(level) && Number.isSafeInteger(id)) {
      const office = await officeOf(level as RequestLevel, id, true);
      if (office) out.unshift(office);
    }
  }
  return out;
}

/**
 * An inbox: the offices the person reads, the one chosen (by its key, else the first), and one page of the
 * view asked for. Every list is scoped to that office (what waits there, went on from there, or waits below
 * it): a search never reaches beyond it.
 */
export async function inboxPage(viewer: Viewer, wanted: string | null, filter: InboxFilter & { view: InboxView }, now: Date) {
  const offices = await officesOf(viewer.actor, wanted);
  const office = offices.find((o) => o.key === wanted) ?? offices[0];
  if (!office) return { offices: [], office: null, views: [], filter, rows: [], total: 0, overdue: 0, compounds: [], pages: 0, at: now.toISOString() };
  const views = viewsOf(office.level);
  const f = { ...filter, view: views.includes(filter.view) ? filter.view : ("here" as const) };
  const scope = scopeOf(office, f.view);
  const db = getDb();
  const [list, compounds] = await Promise.all([listRequests(db, scope, f, now), compoundsOf(db, scope, f.compoundId)]);
  return {
    offices: offices.map((o) => ({ key: o.key, name: o.name, level: o.level as RequestLevel })),
    office: { key: office.key, name: office.name, level: office.level as RequestLevel },
    views,
    filter: f,
    rows: list.rows,
    total: list.total,
    overdue: list.overdue,
    compounds,
    pages: Math.max(1, Math.ceil(list.total / INBOX_PAGE)),
    at: now.toISOString(),
  };
}

const HAND_ACTIONS = ["accept", "start", "complete", "escalate", "return", "dispatch", "send_back"] as const;
export { HAND_ACTIONS };
export type HandAction = (typeof HAND_ACTIONS)[number];

/** Whether this person holds the request (may move it, and send photos); a 404 when they may not see it. */
export async function holdsRequest(actor: Actor, id: number): Promise<boolean> {
  const { target } = await loadVisibleRequest(getDb(), actor, id);
  return canHandleRequest(actor, target);
}

/** One request as its viewer may see it: its record, its timeline and photos, and what the viewer may do. */
export async function requestPage(viewer: Viewer, id: number, at: Date) {
  const db = getDb();
  const { row: r, target } = await loadVisibleRequest(db, viewer.actor, id);
  const compound = { path: r.compound_path, kind: "compound" as const };
  const [moves, photos, counts, list] = await Promise.all([
    timeline(db, r.id),
    evidenceOf(db, r.id),
    ratingCounts(db, r.id, r.round),
    responsibilityList(db, r.street_id),
  ]);
  const handle = canHandleRequest(viewer.actor, target);
  // The street dispatches to one of its departments; a department sending back may name another of them.
  const departments = handle && (r.level === "street" || r.level === "department") ? await streetDepartments(db, r.street_id) : [];
  const departmentIds = departments.map((x) => x.id);
  // The buttons a holder sees: every move the state machine allows here, and a return it would refuse by the
  // access rule (so the person learns why, rather than wondering where the button went).
  const actions = handle
    ? HAND_ACTIONS.filter((a) => {
        const m = domainMove(
          { level: r.level, state: r.state, reopened: !!r.reopened },
          { action: a, reason: "x", result: "x", subcategory: r.subcategory, list, departmentId: departmentIds[0] ?? null, departments: departmentIds },
        );
        return m.ok || m.error === "access_rule";
      })
    : [];
  const nameOf = (id: number | null) => departments.find((x) => x.id === id)?.name ?? null;
  // A request a department just sent back comes with the department it named, if any.
  const last = moves.at(-1);
  const suggested = r.level === "street" && last?.action === "send_back" ? (last.suggested_department_id ?? null) : null;
  const dispatch = actions.includes("dispatch")
    ? {
        departments,
        selected: dispatchDefault(r.subcategory, list, departmentIds, suggested),
        listed: nameOf(listedDepartment(r.subcategory, list)),
        suggested: nameOf(suggested),
      }
    : null;
  const sendBack = actions.includes("send_back") ? { departments: departments.filter((x) => x.id !== r.department_id) } : null;
  // Links only to pages this viewer may open, decided by the predicates those pages' loaders use: the
  // compound's page (place.view), its resolution (vote.record: public, part of a closed vote's record) and
  // its proposal (compound.view; a request's proposal is never a draft). A department's staff, who see the request because it was dispatched to them, get plain text.
  const links = {
    compound: can(viewer.actor, "place.view", compound),
    resolution: can(viewer.actor, "vote.record", compound),
    proposal: can(viewer.actor, "compound.view", compound),
  };
  // A report merged into another is rated (and reopened) there, not here.
  const windowOpen = ratingWindowOpen(r, at) && r.merged_into === null;
  const mayRate = windowOpen && can(viewer.actor, "request.rate", compound);
  return {
    r: {
      id: r.id,
      title: r.title,
      bodyHtml: r.body_html,
      category: r.category,
      subcategory: r.subcategory,
      budget: budgetText(r.budget_fen),
      funding: r.funding,
      level: r.level,
      office: r.level === "department" ? (r.department ?? "") : (r.office ?? ""),
      state: r.state,
      dueAt: r.due_at,
      overdue: isOverdue(r, at.toISOString()),
      resultHtml: r.result_html,
      completedAt: r.completed_at,
      reopened: !!r.reopened,
      resolutionId: r.resolution_id,
      resolutionNumber: r.resolution_number,
      proposalId: r.proposal_id,
      compoundId: r.compound_id,
      compound: r.compound,
      proposalTitle: r.proposal_title,
    },
    links,
    origin: await originOf(viewer, r),
    moves,
    photos: photos.map((p) => p.id),
    counts,
    actions,
    dispatch,
    sendBack,
    rating: mayRate ? { mine: await myRating(db, r.id, r.round, viewer.user.id) } : null,
    mayReopen: r.state === "completed" && !r.reopened && windowOpen && mayReopen(counts) && can(viewer.actor, "request.reopen", compound),
  };
}

/** The form that makes a request from a resolution: the needs category starts as the proposal's. */
export async function newRequestDefaults(proposalId: number) {
  const proposal = await getProposal(getDb(), proposalId);
  if (!proposal) fail(404, "error.notFound");
  return { category: proposal.category, subcategory: firstSubcategoryOf(proposal.category) };
}

/** An evidence photo for someone who may see its request (else a 404), with the type found in its content. */
export async function evidencePhoto(actor: Actor, id: number) {
  const e = await evidenceFile(getDb(), id);
  if (!e) fail(404, "error.notFound");
  await loadVisibleRequest(getDb(), actor, e.request_id);
  try {
    return { mime: e.mime, body: await readStoredFile(e.file) };
  } catch {
    fail(404, "error.notFound");
  }
}

export const ADMIN_PAGE = 20;

/** Every request of the deployment, newest first, filtered (an administrator's overview): one page and whether more follow. */
export async function requestOverviewPage(f: Pick<ListFilter, "state" | "level" | "category"> & { before: number | null }) {
  const rows = await requestRows(getDb(), { kind: "all" }, f, { order: "id", limit: ADMIN_PAGE + 1, before: f.before }, new Date(0));
  return { items: rows.slice(0, ADMIN_PAGE), more: rows.length > ADMIN_PAGE };
}

/** The streets, the one chosen (else the first), its responsibility list and its departments. */
export async function responsibilitiesPage(streetId: number | null) {
  const db = getDb();
  const all = await allStreets(db);
  const street = all.find((s) => s.id === streetId) ?? all[0] ?? null;
  if (!street) return { streets: all, street: null, list: [], departments: [] };
  return { streets: all, street, list: await responsibilityList(db, street.id), departments: await listDepartments(db, street.id) };
}

/** Each level's deadlines and the working calendar's exceptions. */
export async function rulesPage() {
  const db = getDb();
  const rules = await loadRules(db);
  return { deadlines: LEVELS.map((l) => rules.deadlines.get(l)!), days: await listCalendar(db) };
}
