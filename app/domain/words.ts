// The words the app and its database share: each list once, with its type. The database's schema types
// (db/schema) spell the same unions for itself, since db/ imports nothing from app/; tests/unit/schema-words.test.ts
// holds the two to each other (tsc, `npm run typecheck`), and the CHECK migration's lists are held to these
// (tests/unit/migration-checks.test.ts).

export const CATEGORIES = ["employment", "housing", "safety", "environment", "social", "selfgov"] as const;
export type Category = (typeof CATEGORIES)[number];

export const STANCES = ["for", "against", "neutral"] as const;
export type Stance = (typeof STANCES)[number];

export const REPORT_REASONS = ["spam", "abuse", "offtopic", "personal"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const PLACE_KINDS = ["city", "district", "street", "community", "compound", "building"] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const RELATIONS = ["owner", "tenant", "family"] as const;
export type Relation = (typeof RELATIONS)[number];

export const ROLES = ["admin", "coordinator", "building_lead", "community_staff", "street_staff", "department_staff"] as const;
export type RoleName = (typeof ROLES)[number];

export const PROPOSAL_STATES = ["draft", "submitted", "published", "voting", "adopted", "rejected", "declined", "withdrawn", "merged", "archived"] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

export const FUNDING = ["maintenance_fund", "micro_fund", "street_budget", "other"] as const;
export type RequestFunding = (typeof FUNDING)[number];

export const SUBCATEGORY_NAMES = ["elevator", "repair", "parking", "security", "garbage", "greening", "elderly", "jobs", "other"] as const;
export type RequestSubcategory = (typeof SUBCATEGORY_NAMES)[number];
