// A service request of the synthetic database and its walk through the levels, as the services would have moved it.
import { SUBCATEGORY_KEYS, type Subcategory, categoryOf } from "../../app/domain/request-kinds";
import { LEVEL_ROLE, type Level, landingLevel, parentLevel } from "../../app/domain/request-flow";
import { deadlineAfter } from "../../app/domain/working-days";
import * as T from "./generate-texts";
import { type Compound, DAY, DEADLINES, type Gen, HOUR, NO_HOLIDAYS, iso } from "./generator-support";

export interface RequestInput {
  resolution: number;
  proposal: number;
  author: number;
  topic: (typeof T.TOPICS)[number];
  closedAt: number;
  residents: { user: number }[];
  coord: number;
  someone: () => { user: number };
  /** Stop the walk once it gets there (and move quickly to get there). */
  stopAt?: "received" | "accepted" | "in_progress" | "completed";
}

export function genRequest(g: Gen, c: Compound, rand: () => number, q: RequestInput) {
  const { W, ids, audit, markdown, now } = g;
  const id = ++ids.request;
  const sub: Subcategory = rand() < 0.8 ? q.topic.subcategory : T.pick(rand, SUBCATEGORY_KEYS);
  const topic = T.TOPICS.find((t) => t.subcategory === sub) ?? q.topic;
  const text = T.requestText(rand, topic);
  const list = c.street.list;
  // Most follow the resolution within weeks; some come later, up to today, so every state is present.
  const from = q.closedAt + 7 * DAY;
  const created = q.stopAt
    ? now - 20 * DAY
    : Math.min(now - HOUR, rand() < 0.7 ? from + Math.floor(rand() * 20 * DAY) : from + Math.floor(rand() * Math.max(0, now - from)));
  const officeOf = (l: Level) => (l === "compound" ? c.id : l === "community" ? c.community.id : l === "street" ? c.street.id : null);
  const officeName = (l: Level, dep: number | null) =>
    l === "department"
      ? (c.street.departments.find((d) => d.id === dep)?.name ?? "")
      : l === "compound"
        ? c.name
        : l === "community"
          ? c.community.name
          : c.street.name;
  const staffAt = (l: Level, dep: number | null) =>
    l === "compound" ? q.coord : l === "community" ? c.community.staff : l === "street" ? c.street.staff : (c.street.depStaff.get(dep!) ?? null);
  const due = (l: Level, from: number, k: 0 | 1) => deadlineAfter(new Date(from), DEADLINES[l][k], NO_HOLIDAYS).getTime();
  const r = {
    level: landingLevel(sub, list) as Level,
    state: "received" as "received" | "accepted" | "in_progress" | "completed",
    dep: null as number | null,
    levelSince: created,
    acceptDue: 0,
    acceptedAt: null as number | null,
    completeDue: null as number | null,
    dueAt: null as number | null,
    firstAccepted: null as number | null,
    firstAcceptDue: null as number | null,
    completedAt: null as number | null,
    completedLevel: null as Level | null,
    result: null as string | null,
    reopened: 0,
    round: 0,
    escalations: 0,
    returns: 0,
    updated: created,
  };
  r.acceptDue = due(r.level, created, 0);
  r.dueAt = r.acceptDue;
  W.moves.add(id, "create", null, r.level, null, "received", officeName(r.level, null), null, q.coord, "coordinator", null, null, null, iso(created));
  audit(created, q.coord, "request.create", "request", id, c.id, null, { level: r.level, subcategory: sub });
  W.notifications.add(
    q.author,
    "request",
    q.proposal,
    null,
    q.coord,
    JSON.stringify({ requestId: id, title: text.title, action: "create", level: r.level }),
    created < now - 7 * DAY ? iso(created + DAY) : null,
    iso(created),
  );
  const step = (
    action: string,
    at: number,
    to: { level: Level; state: typeof r.state },
    extra: { reason?: string | null; result?: string | null; system?: boolean } = {},
  ) => {
    const waitedOn = r.state === "received" ? r.acceptDue : (r.completeDue ?? r.acceptDue);
    const onTime = action === "start" || action === "reopen" ? null : at <= waitedOn ? 1 : 0;
    const fromLevel = r.level;
    const fromState = r.state;
    const fromDep = r.dep;
    const actor = extra.system ? null : action === "reopen" ? q.coord : staffAt(fromLevel, fromDep);
    const role = extra.system ? "system" : action === "reopen" ? "coordinator" : LEVEL_ROLE[fromLevel];
    const levelChanges = to.level !== r.level || action === "reopen";
    const dep = action === "dispatch" ? (list.find((x) => x.subcategory === sub)?.departmentId ?? null) : to.level === "department" ? r.dep : null;
    r.level = to.level;
    r.state = to.state;
    r.dep = dep;
    if (levelChanges && to.state === "received") {
      r.levelSince = at;
      r.acceptDue = due(to.level, at, 0);
      r.acceptedAt = null;
      r.completeDue = null;
      r.dueAt = r.acceptDue;
    }
    if (action === "accept" || action === "reopen") {
      r.acceptedAt = at;
      r.completeDue = due(to.level, at, 1);
      r.dueAt = r.completeDue;
      if (action === "reopen") Object.assign(r, { levelSince: at, reopened: 1, round: r.round + 1, completedAt: null });
      if (action === "accept" && !r.firstAccepted) Object.assign(r, { firstAccepted: at, firstAcceptDue: r.acceptDue });
    }
    if (action === "complete") Object.assign(r, { completedAt: at, completedLevel: fromLevel, result: extra.result, dueAt: null });
    if (action === "escalate" || action === "auto_escalate") r.escalations++;
    r.updated = at;
    W.moves.add(
      id,
      action,
      fromLevel,
      to.level,
      fromState,
      to.state,
      officeName(fromLevel, fromDep),
      action === "dispatch" ? dep : fromLevel === "department" ? fromDep : null,
      actor,
      role,
      extra.reason ?? null,
      action === "complete" ? extra.result : null,
      onTime,
      iso(at),
    );
    audit(at, actor, `request.${action}`, "request", id, c.id, extra.reason ?? null, { from: fromLevel, to: to.level, state: to.state });
  };
  // The walk: escalations now and then, the clock's for what waits too long, dispatch to a department,
  // acceptance, work and completion, ratings, and once in a while a reopen after unsatisfied ratings.
  let t = created;
  const pace = q.stopAt ? 0.1 : 1;
  for (let guard = 0; guard < 12; guard++) {
    if (q.stopAt && q.stopAt !== "completed" && r.state === q.stopAt) break;
    if (r.state === "received") {
      const wait = pace * (rand() < 0.12 ? (4 + rand() * 6) * DAY : rand() * 2.5 * DAY);
      const at = t + wait;
      if (at > now) break;
      const up = parentLevel(r.level);
      if (up && r.level !== "department" && at > r.acceptDue && rand() < 0.7 && (r.level === "compound" || r.level === "community")) {
        t = r.acceptDue + 5 * 60_000;
        if (t > now) break;
        step("auto_escalate", t, { level: up, state: "received" }, { system: true });
      } else if (up && rand() < 0.1) {
        t = at;
        step("escalate", t, { level: up, state: "received" }, { reason: T.pick(rand, T.ESCALATE_REASONS) });
      } else if (r.level === "street" && rand() < 0.6) {
        t = at;
        step("dispatch", t, { level: "department", state: "received" });
      } else {
        t = at;
        step("accept", t, { level: r.level, state: "accepted" });
      }
    } else if (r.state === "accepted") {
      const at = t + pace * rand() * 3 * DAY;
      if (at > now) break;
      t = at;
      if (rand() < 0.85) step("start", t, { level: r.level, state: "in_progress" });
      else step("complete", t, { level: r.level, state: "completed" }, { result: T.requestResult(rand, topic) });
    } else if (r.state === "in_progress") {
      const at = t + pace * (1 + rand() * (rand() < 0.2 ? 40 : 14)) * DAY;
      if (at > now) break;
      t = at;
      step("complete", t, { level: r.level, state: "completed" }, { result: T.requestResult(rand, topic) });
    } else {
      // Ratings by residents of the compound within the 14-day window.
      const raters = Math.floor(rand() * 6);
      const unhappy = !r.reopened && !q.stopAt && rand() < 0.04;
      const seen = new Set<number>();
      for (let k = 0; k < raters; k++) {
        const u = q.someone().user;
        const at = t + Math.floor(rand() * 13 * DAY);
        if (seen.has(u) || at > now) continue;
        seen.add(u);
        const z = rand();
        const rating = unhappy ? (z < 0.8 ? "unsatisfied" : "basic") : z < 0.7 ? "satisfied" : z < 0.92 ? "basic" : "unsatisfied";
        W.ratings.add(id, r.round, u, rating, iso(at), iso(at));
      }
      if (unhappy && seen.size > 0 && t + 14 * DAY < now) {
        t += 13 * DAY;
        step("reopen", t, { level: r.completedLevel ?? r.level, state: "accepted" }, { reason: "多数居民不满意，重新办理" });
        continue;
      }
      break;
    }
  }
  const budget = (5 + Math.floor(rand() * 500)) * 100_00;
  W.requests.add(
    id,
    q.resolution,
    q.proposal,
    c.id,
    c.community.id,
    c.street.id,
    text.title,
    text.body,
    markdown(text.body),
    categoryOf(sub),
    sub,
    budget,
    T.pick(rand, ["maintenance_fund", "micro_fund", "street_budget", "other"]),
    r.level,
    officeOf(r.level),
    r.level === "department" ? r.dep : null,
    r.state,
    iso(r.levelSince),
    iso(r.acceptDue),
    r.acceptedAt === null ? null : iso(r.acceptedAt),
    r.completeDue === null ? null : iso(r.completeDue),
    r.state === "completed" ? null : r.dueAt === null ? null : iso(r.dueAt),
    r.firstAccepted === null ? null : iso(r.firstAccepted),
    r.firstAcceptDue === null ? null : iso(r.firstAcceptDue),
    r.completedAt === null ? null : iso(r.completedAt),
    r.completedLevel,
    r.result,
    r.result === null ? null : markdown(r.result),
    r.reopened,
    r.round,
    r.escalations,
    r.returns,
    q.coord,
    iso(created),
    iso(r.updated),
  );
}
