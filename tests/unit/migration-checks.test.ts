// The CHECK migration (2026-12-03T07) holds its value lists as literals, since a migration imports nothing from
// app/. This test holds them to the app's own constants, or, where the app has only a TypeScript union, to an
// object with exactly one key per member of that union (tsc refuses a missing or an extra key), so that a
// value the app starts writing cannot be missing from the database's list, and the other way round.
import { describe, expect, it } from "vitest";
import { RELATIONS } from "~/components/relation";
import { CATEGORIES, REPORT_REASONS, STANCES } from "~/domain/categories";
import { ROLES } from "~/domain/permissions";
import { PLACE_KINDS } from "~/domain/places";
import { PROPOSAL_STATES } from "~/domain/proposal-lifecycle";
import { LEVELS, REQUEST_ACTIONS, REQUEST_STATES } from "~/domain/request-flow";
import { FUNDING, OFFICE_LEVELS, RATINGS, SUBCATEGORY_KEYS } from "~/domain/request-kinds";
import { CHOICES, RULES } from "~/domain/tally";
import { LOCALES } from "~/i18n";
import type { NotificationKind } from "~/features/notifications/queries.server";
import { CHECKS } from "../../db/migrations/2026-12-03T07-checks";
import type { Database, ResidencyMethod, ResidencyStatus } from "../../db/schema";

/** Every member of a union, as a sorted list: the object must name each member once and nothing else. */
const members = <T extends string>(all: Record<T, true>): string[] => Object.keys(all).sort();
type Of<T extends keyof Database, C extends keyof Database[T]> = Extract<Database[T][C], string>;

const FLAG = "flag";

// For each checked column: what the app allows there.
const APP: Record<string, Record<string, readonly string[] | typeof FLAG>> = {
  places: { kind: PLACE_KINDS },
  users: { locale: LOCALES },
  role_grants: { role: ROLES },
  residencies: {
    relation: RELATIONS,
    status: members<ResidencyStatus>({ pending: true, verified: true, rejected: true, ended: true }),
    method: members<ResidencyMethod>({ claim: true, code: true, roster: true }),
  },
  proposals: { category: CATEGORIES, state: PROPOSAL_STATES, locked: FLAG },
  comments: { stance: STANCES, official: FLAG, pinned: FLAG },
  comment_revisions: { stance: STANCES },
  minutes: { kind: members<Of<"minutes", "kind">>({ minutes: true, meeting: true }) },
  reports: { reason: REPORT_REASONS, status: members<Of<"reports", "status">>({ open: true, resolved: true, dismissed: true }) },
  notifications: { kind: members<NotificationKind>({ comment: true, reply: true, state: true, moderated: true, cosponsor: true, request: true }) },
  votes: {
    rule: RULES,
    per: members<Of<"votes", "per">>({ person: true, dwelling: true }),
    secret: FLAG,
    status: members<Of<"votes", "status">>({ open: true, closed: true }),
    passed: FLAG,
  },
  ballot_casts: { channel: members<Of<"ballot_casts", "channel">>({ online: true, paper: true }) },
  ballot_choices: { choice: CHOICES },
  ballot_history: { choice: CHOICES },
  paper_ballots: { choice: CHOICES, status: members<Of<"paper_ballots", "status">>({ pending: true, confirmed: true, expired: true }) },
  published_ballots: { choice: CHOICES },
  work_calendar: { kind: members<Of<"work_calendar", "kind">>({ holiday: true, workday: true }) },
  level_deadlines: { level: LEVELS },
  responsibilities: { subcategory: SUBCATEGORY_KEYS, level: OFFICE_LEVELS },
  requests: {
    category: CATEGORIES,
    subcategory: SUBCATEGORY_KEYS,
    funding: FUNDING,
    level: LEVELS,
    state: REQUEST_STATES,
    completed_level: LEVELS,
    reopened: FLAG,
  },
  request_moves: {
    // "create" is the first move of every request, written by the service, not an action a person takes.
    action: ["create", ...REQUEST_ACTIONS],
    from_level: LEVELS,
    to_level: LEVELS,
    from_state: REQUEST_STATES,
    to_state: REQUEST_STATES,
    // "system" is the clock (the automatic escalation).
    actor_role: [...ROLES, "system"],
    on_time: FLAG,
  },
  request_ratings: { rating: RATINGS },
};

const sorted = (v: readonly string[] | typeof FLAG) => (v === FLAG ? FLAG : [...v].sort());

describe("the CHECK migration's value lists", () => {
  it("issue 13 · 4: every list in the migration is exactly the app's list for that column", () => {
    expect(Object.keys(CHECKS).sort()).toEqual(Object.keys(APP).sort());
    for (const [table, columns] of Object.entries(APP)) {
      expect(Object.keys(CHECKS[table]).sort(), table).toEqual(Object.keys(columns).sort());
      for (const [column, allowed] of Object.entries(columns)) expect(sorted(CHECKS[table][column]), `${table}.${column}`).toEqual(sorted(allowed));
    }
  });

  it("issue 13 · 4: no list repeats a value or holds an empty one", () => {
    for (const [table, columns] of Object.entries(CHECKS))
      for (const [column, allowed] of Object.entries(columns)) {
        if (allowed === FLAG) continue;
        expect(new Set(allowed).size, `${table}.${column}`).toBe(allowed.length);
        expect(
          allowed.every((v) => v.length > 0),
          `${table}.${column}`,
        ).toBe(true);
      }
  });
});
