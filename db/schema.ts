// The Database interface: types only. Instants are ISO-8601 UTC text everywhere.
import type { Generated, Insertable, Selectable, Updateable } from "kysely";

export type PlaceKind = "city" | "district" | "street" | "community" | "compound" | "building";
export type RoleName =
  | "admin"
  | "coordinator"
  | "building_lead"
  | "community_staff"
  | "street_staff"
  | "department_staff";
export type Relation = "owner" | "tenant" | "family";
export type ResidencyStatus = "pending" | "verified" | "rejected" | "ended";
export type ResidencyMethod = "claim" | "code" | "roster";

export interface Database {
  places: PlaceTable;
  dwellings: DwellingTable;
  departments: DepartmentTable;
  users: UserTable;
  sessions: SessionTable;
  sign_in_failures: SignInFailureTable;
  known_devices: KnownDeviceTable;
  role_grants: RoleGrantTable;
  residencies: ResidencyTable;
  dwelling_owners: DwellingOwnerTable;
  household_codes: HouseholdCodeTable;
  audit_log: AuditLogTable;
  compound_settings: CompoundSettingsTable;
  proposals: ProposalTable;
  cosponsors: CosponsorTable;
  comments: CommentTable;
  comment_revisions: CommentRevisionTable;
  minutes: MinutesTable;
  reports: ReportTable;
  mutes: MuteTable;
  follows: FollowTable;
  notifications: NotificationTable;
  search_index: SearchIndexTable;
  votes: VoteTable;
  vote_electors: VoteElectorTable;
  vote_voters: VoteVoterTable;
  ballot_casts: BallotCastTable;
  ballot_choices: BallotChoiceTable;
  ballot_history: BallotHistoryTable;
  paper_ballots: PaperBallotTable;
  published_ballots: PublishedBallotTable;
  resolutions: ResolutionTable;
  work_calendar: WorkCalendarTable;
  level_deadlines: LevelDeadlineTable;
  responsibilities: ResponsibilityTable;
  requests: RequestTable;
  request_moves: RequestMoveTable;
  request_evidence: RequestEvidenceTable;
  request_ratings: RequestRatingTable;
}

export type RequestLevel = "compound" | "community" | "street" | "department";
export type RequestStateName = "received" | "accepted" | "in_progress" | "completed";
/** The same lists as app/domain/request-kinds.ts (checked there) and request-flow.ts, so pages can name them. */
export type RequestSubcategory = "elevator" | "repair" | "parking" | "security" | "garbage" | "greening" | "elderly" | "jobs" | "other";
export type RequestFunding = "maintenance_fund" | "micro_fund" | "street_budget" | "other";
export type RequestMoveAction = "create" | "accept" | "start" | "complete" | "escalate" | "return" | "dispatch" | "send_back" | "reopen" | "auto_escalate";
/** Who took a move: the role the actor held there, or the system for a timed escalation. */
export type MoveActorRole = RoleName | "system";

interface WorkCalendarTable {
  date: string;
  kind: "holiday" | "workday";
  note: Generated<string>;
}

interface LevelDeadlineTable {
  level: RequestLevel;
  accept_days: number;
  complete_days: number;
}

interface ResponsibilityTable {
  street_id: number;
  subcategory: RequestSubcategory;
  level: "compound" | "community" | "street";
  department_id: number | null;
  updated_at: string;
}

interface RequestTable {
  id: Generated<number>;
  resolution_id: number;
  proposal_id: number;
  compound_id: number;
  community_id: number;
  street_id: number;
  title: string;
  body: string;
  body_html: string;
  category: Category;
  subcategory: RequestSubcategory;
  budget_fen: number;
  funding: RequestFunding;
  level: RequestLevel;
  office_id: number | null;
  department_id: number | null;
  state: RequestStateName;
  level_since: string;
  accept_due: string;
  accepted_at: string | null;
  complete_due: string | null;
  due_at: string | null;
  first_accepted_at: string | null;
  first_accept_due: string | null;
  completed_at: string | null;
  completed_level: RequestLevel | null;
  result: string | null;
  result_html: string | null;
  reopened: Generated<number>;
  round: Generated<number>;
  escalations: Generated<number>;
  returns: Generated<number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

interface RequestMoveTable {
  id: Generated<number>;
  request_id: number;
  action: RequestMoveAction;
  from_level: RequestLevel | null;
  to_level: RequestLevel;
  from_state: RequestStateName | null;
  to_state: RequestStateName;
  office_name: string;
  department_id: number | null;
  /** A send-back's suggestion: the department the request belongs to instead. */
  suggested_department_id: Generated<number | null>;
  actor_id: number | null;
  actor_role: MoveActorRole;
  reason: string | null;
  result: string | null;
  on_time: number | null;
  at: string;
}

interface RequestEvidenceTable {
  id: Generated<number>;
  request_id: number;
  move_id: number;
  file: string;
  mime: string;
  bytes: number;
  sha256: string;
  uploaded_by: number | null;
  created_at: string;
}

interface RequestRatingTable {
  request_id: number;
  round: number;
  user_id: number;
  rating: "satisfied" | "basic" | "unsatisfied";
  created_at: string;
  updated_at: string;
}

export type VoteRule = "residents" | "owners_ordinary" | "owners_major";
export type VoteChoice = "agree" | "oppose" | "abstain";

interface VoteTable {
  id: Generated<number>;
  proposal_id: number;
  compound_id: number;
  rule: VoteRule;
  /** residents' rule: one vote per person or per dwelling; owners' rules: per dwelling. */
  per: "person" | "dwelling";
  quorum_percent: Generated<number>;
  secret: number;
  opens_at: string;
  closes_at: string;
  status: "open" | "closed";
  slot_salt: string | null;
  opened_by: number | null;
  created_at: string;
  closed_at: string | null;
  /** The frozen tally (JSON). */
  result: string | null;
  passed: number | null;
  chain_head: string | null;
}

interface VoteElectorTable {
  id: Generated<number>;
  vote_id: number;
  key: string;
  owner_key: string;
  area_centi: number;
  dwelling_id: number | null;
  building_id: number | null;
  label: string;
}

interface VoteVoterTable {
  vote_id: number;
  elector_id: number;
  user_id: number | null;
  phone: string | null;
}

interface BallotCastTable {
  vote_id: number;
  elector_id: number;
  channel: "online" | "paper";
  cast_at: string;
}

interface BallotChoiceTable {
  vote_id: number;
  slot: string;
  choice: VoteChoice;
  receipt_hash: string;
}

interface BallotHistoryTable {
  vote_id: number;
  slot: string;
  /** Random: the history cannot be put in the order of the casts. */
  id: string;
  choice: VoteChoice;
  receipt_hash: string;
}

interface PaperBallotTable {
  id: Generated<number>;
  vote_id: number;
  elector_id: number;
  choice: VoteChoice | null;
  entered_by: number;
  entered_at: string;
  confirmed_by: number | null;
  confirmed_at: string | null;
  /** expired: nobody confirmed it before the vote closed; it was not counted. */
  status: "pending" | "confirmed" | "expired";
}

interface PublishedBallotTable {
  vote_id: number;
  position: number;
  receipt_hash: string;
  choice: VoteChoice;
  chain_hash: string;
}

interface ResolutionTable {
  id: Generated<number>;
  proposal_id: number;
  vote_id: number;
  compound_id: number;
  year: number;
  seq: number;
  number: string;
  title: string;
  tally: string;
  notice_starts: string;
  notice_ends: string;
  created_at: string;
}

export type Category = "employment" | "housing" | "safety" | "environment" | "social" | "selfgov";
export type ProposalState =
  | "draft"
  | "submitted"
  | "published"
  | "voting"
  | "adopted"
  | "rejected"
  | "declined"
  | "withdrawn"
  | "merged"
  | "archived";
export type Stance = "for" | "against" | "neutral";
export type ReportReason = "spam" | "abuse" | "offtopic" | "personal";

interface CompoundSettingsTable {
  compound_id: number;
  cosponsor_threshold: Generated<number>;
}

interface ProposalTable {
  id: Generated<number>;
  compound_id: number;
  author_id: number;
  title: string;
  body_md: string;
  body_html: string;
  category: Category;
  state: ProposalState;
  /** Why it was declined, sent back for changes, or merged. */
  state_reason: string | null;
  merged_into_id: number | null;
  locked: Generated<number>;
  hidden_reason: string | null;
  cosponsor_count: Generated<number>;
  comment_count: Generated<number>;
  created_at: string;
  updated_at: string;
  last_activity_at: string;
}

interface CosponsorTable {
  proposal_id: number;
  user_id: number;
  dwelling_id: number;
  created_at: string;
}

interface CommentTable {
  id: Generated<number>;
  proposal_id: number;
  author_id: number;
  parent_id: number | null;
  /** None on a reply that takes no side: it counts for no stance. */
  stance: Stance | null;
  body_md: string;
  body_html: string;
  official: Generated<number>;
  pinned: Generated<number>;
  hidden_reason: string | null;
  created_at: string;
  edited_at: string | null;
}

interface CommentRevisionTable {
  id: Generated<number>;
  comment_id: number;
  stance: Stance | null;
  body_md: string;
  body_html: string;
  created_at: string;
}

interface MinutesTable {
  id: Generated<number>;
  proposal_id: number;
  kind: "minutes" | "meeting";
  meeting_date: string | null;
  meeting_place: string | null;
  attendance: number | null;
  body_md: string;
  body_html: string;
  author_id: number;
  created_at: string;
}

interface ReportTable {
  id: Generated<number>;
  compound_id: number;
  proposal_id: number;
  comment_id: number | null;
  reporter_id: number;
  reason: ReportReason;
  note: string | null;
  status: "open" | "resolved" | "dismissed";
  resolved_by: number | null;
  resolved_at: string | null;
  created_at: string;
}

interface MuteTable {
  id: Generated<number>;
  compound_id: number;
  user_id: number;
  until: string;
  reason: string;
  muted_by: number | null;
  created_at: string;
}

interface FollowTable {
  user_id: number;
  proposal_id: number;
  created_at: string;
}

interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  proposal_id: number | null;
  comment_id: number | null;
  actor_id: number | null;
  data: string | null;
  read_at: string | null;
  created_at: string;
}

interface SearchIndexTable {
  rowid: number;
  text: string;
  /** "c" and the compound's id: searching within a compound is a match on this token. */
  scope: string;
  doc_type: "proposal" | "comment";
  doc_id: number;
  compound_id: number;
  proposal_id: number;
}

interface PlaceTable {
  id: Generated<number>;
  kind: PlaceKind;
  name: string;
  parent_id: number | null;
  /** Materialised path of ids, "/1/4/9/": a place is inside another when its path starts with the other's. */
  path: string;
  created_at: string;
  /** Dwellings in a building or compound, kept by triggers (migration T12). */
  dwelling_count: Generated<number>;
  /** Verified residents (people) of a compound, kept by triggers (migration T12). */
  resident_count: Generated<number>;
}

interface DwellingTable {
  id: Generated<number>;
  building_id: number;
  compound_id: number;
  unit: string;
  room: string;
  /** Exclusive floor area in hundredths of m² (exact arithmetic for the votes). */
  area_centi: number;
  created_at: string;
}

interface DepartmentTable {
  id: Generated<number>;
  place_id: number;
  name: string;
  created_at: string;
}

interface UserTable {
  id: Generated<number>;
  phone: string;
  name: string;
  password_hash: string;
  locale: string | null;
  created_at: string;
}

interface SessionTable {
  /** SHA-256 (hex) of the token; the token itself is never stored. */
  id: string;
  user_id: number;
  expires_at: string;
  created_at: string;
  /** The browser's User-Agent when the session began (cut to 300 characters), to name the device. */
  user_agent: string | null;
  /** Last request with this session, to within SEEN_EVERY_MS. */
  last_seen_at: string | null;
}

interface SignInFailureTable {
  id: Generated<number>;
  phone: string;
  at: string;
  /** Where a sign-in failure came from: "ip:<address>", "device:<known_devices.id>" or "unknown"; null for other tries. */
  source: string | null;
}

/** A device a person signed in on: only the SHA-256 of the token in its cookie is kept. */
interface KnownDeviceTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: string;
  last_used_at: string;
}

interface RoleGrantTable {
  id: Generated<number>;
  user_id: number;
  role: RoleName;
  /** null only for an administrator of the whole deployment. */
  place_id: number | null;
  department_id: number | null;
  granted_by: number | null;
  granted_at: string;
  revoked_at: string | null;
  revoked_by: number | null;
}

interface ResidencyTable {
  id: Generated<number>;
  user_id: number;
  dwelling_id: number;
  compound_id: number;
  relation: Relation;
  status: ResidencyStatus;
  method: ResidencyMethod;
  note: string | null;
  decided_by: number | null;
  decided_at: string | null;
  decision_reason: string | null;
  ended_at: string | null;
  ended_by: number | null;
  end_reason: string | null;
  created_at: string;
}

interface DwellingOwnerTable {
  id: Generated<number>;
  dwelling_id: number;
  name: string;
  phone: string;
  created_at: string;
}

interface HouseholdCodeTable {
  id: Generated<number>;
  dwelling_id: number;
  code: string;
  created_by: number | null;
  created_at: string;
  used_at: string | null;
  used_by: number | null;
  revoked_at: string | null;
}

interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  action: string;
  entity_type: string;
  entity_id: number | null;
  place_id: number | null;
  reason: string | null;
  /** JSON text with the details of the change. */
  data: string | null;
}

export type Place = Selectable<PlaceTable>;
export type NewPlace = Insertable<PlaceTable>;
export type Dwelling = Selectable<DwellingTable>;
export type Department = Selectable<DepartmentTable>;
export type User = Selectable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type Session = Selectable<SessionTable>;
export type RoleGrant = Selectable<RoleGrantTable>;
export type Residency = Selectable<ResidencyTable>;
export type DwellingOwner = Selectable<DwellingOwnerTable>;
export type HouseholdCode = Selectable<HouseholdCodeTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
export type Proposal = Selectable<ProposalTable>;
export type Comment = Selectable<CommentTable>;
