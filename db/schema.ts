// The Database interface: types only. Instants are ISO-8601 UTC text everywhere. The tables live in
// db/schema/*.ts by area; this module is the one every import names (`db/schema`).
import type { Insertable, Selectable, Updateable } from "kysely";
import type {
  PlaceTable,
  DwellingTable,
  DepartmentTable,
  UserTable,
  SessionTable,
  BehalfConsentTable,
  SignInFailureTable,
  KnownDeviceTable,
  RoleGrantTable,
  ResidencyTable,
  DwellingOwnerTable,
  HouseholdCodeTable,
  AuditLogTable,
} from "./schema/places";
import type {
  WorkCalendarTable,
  LevelDeadlineTable,
  ResponsibilityTable,
  RequestTable,
  RequestMoveTable,
  RequestEvidenceTable,
  RequestRatingTable,
  RequestFollowTable,
} from "./schema/requests";
import type {
  VoteTable,
  VoteElectorTable,
  VoteVoterTable,
  BallotCastTable,
  BallotChoiceTable,
  BallotHistoryTable,
  PaperBallotTable,
  PublishedBallotTable,
  ResolutionTable,
} from "./schema/votes";
import type {
  CompoundSettingsTable,
  ProposalTable,
  CosponsorTable,
  CommentTable,
  CommentRevisionTable,
  MinutesTable,
  ReportTable,
  MuteTable,
  FollowTable,
  NotificationTable,
  SearchIndexTable,
} from "./schema/proposals";
import type { RateLimitTable, GenerationTable, SettingTable } from "./schema/shared-state";
import type { ContactTable, PushSubscriptionTable, NoticePrefTable, NoticeSettingTable, OutboxTable } from "./schema/notices";

export type * from "./schema/places";
export type * from "./schema/requests";
export type * from "./schema/votes";
export type * from "./schema/proposals";
export type * from "./schema/shared-state";
export type * from "./schema/notices";

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
  request_follows: RequestFollowTable;
  rate_limits: RateLimitTable;
  generations: GenerationTable;
  settings: SettingTable;
  contacts: ContactTable;
  push_subscriptions: PushSubscriptionTable;
  notice_prefs: NoticePrefTable;
  notice_settings: NoticeSettingTable;
  outbox: OutboxTable;
  behalf_consents: BehalfConsentTable;
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
