// Proposals and their threads: comments, minutes, reports, mutes, follows, notifications, the search index.
import type { Generated } from "kysely";

export type Category = "employment" | "housing" | "safety" | "environment" | "social" | "selfgov";
export type ProposalState = "draft" | "submitted" | "published" | "voting" | "adopted" | "rejected" | "declined" | "withdrawn" | "merged" | "archived";
export type Stance = "for" | "against" | "neutral";
export type ReportReason = "spam" | "abuse" | "offtopic" | "personal";

export interface CompoundSettingsTable {
  compound_id: number;
  cosponsor_threshold: Generated<number>;
}

export interface ProposalTable {
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

export interface CosponsorTable {
  proposal_id: number;
  user_id: number;
  dwelling_id: number;
  created_at: string;
}

export interface CommentTable {
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

export interface CommentRevisionTable {
  id: Generated<number>;
  comment_id: number;
  stance: Stance | null;
  body_md: string;
  body_html: string;
  created_at: string;
}

export interface MinutesTable {
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

export interface ReportTable {
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

export interface MuteTable {
  id: Generated<number>;
  compound_id: number;
  user_id: number;
  until: string;
  reason: string;
  muted_by: number | null;
  created_at: string;
}

export interface FollowTable {
  user_id: number;
  proposal_id: number;
  created_at: string;
}

export interface NotificationTable {
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

export interface SearchIndexTable {
  rowid: number;
  text: string;
  /** "c" and the compound's id: searching within a compound is a match on this token. */
  scope: string;
  doc_type: "proposal" | "comment";
  doc_id: number;
  compound_id: number;
  proposal_id: number;
}
