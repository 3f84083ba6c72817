// Issue 13 · 1: the app's words (app/domain/words.ts) and the database's (db/schema) are the same unions.
// The assertions are types: `npm run typecheck` (run by .ci/run) refuses this file when either side gains or
// loses a word; the test below keeps vitest's view of it honest at run time too.
import { describe, expect, it } from "vitest";
import * as words from "~/domain/words";
import type * as schema from "../../db/schema";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same: Record<string, true> = {
  Category: true satisfies Same<words.Category, schema.Category>,
  Stance: true satisfies Same<words.Stance, schema.Stance>,
  ReportReason: true satisfies Same<words.ReportReason, schema.ReportReason>,
  PlaceKind: true satisfies Same<words.PlaceKind, schema.PlaceKind>,
  Relation: true satisfies Same<words.Relation, schema.Relation>,
  RoleName: true satisfies Same<words.RoleName, schema.RoleName>,
  ProposalState: true satisfies Same<words.ProposalState, schema.ProposalState>,
  RequestFunding: true satisfies Same<words.RequestFunding, schema.RequestFunding>,
  RequestSubcategory: true satisfies Same<words.RequestSubcategory, schema.RequestSubcategory>,
};

describe("issue 13 · 1: one spelling of each shared word", () => {
  it("every list is a list of distinct words, each checked against the schema's union", () => {
    const lists = [
      words.CATEGORIES,
      words.STANCES,
      words.REPORT_REASONS,
      words.PLACE_KINDS,
      words.RELATIONS,
      words.ROLES,
      words.PROPOSAL_STATES,
      words.FUNDING,
      words.SUBCATEGORY_NAMES,
    ];
    for (const list of lists) expect(new Set(list).size).toBe(list.length);
    expect(Object.keys(same)).toHaveLength(lists.length);
  });
});
