// Notices outside the app (migration 2026-12-04T01): contacts, push subscriptions, preferences, the outbox.
import type { Generated } from "kysely";

/** A person's email address or SMS number; usable once verified_at is set. */
export interface ContactTable {
  id: Generated<number>;
  user_id: number;
  channel: "email" | "sms";
  address: string;
  verified_at: string | null;
  /** SHA-256 (hex) of the code last sent; null once verified. */
  code_hash: string | null;
  code_expires_at: string | null;
  code_tries: Generated<number>;
  created_at: string;
}

export interface PushSubscriptionTable {
  id: Generated<number>;
  user_id: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: string;
}

export interface NoticePrefTable {
  user_id: number;
  kind: string;
  mode: string;
}

export interface NoticeSettingTable {
  user_id: number;
  /** 0–23, Beijing time. */
  digest_hour: number;
  quiet: number;
}

export interface OutboxTable {
  id: Generated<number>;
  /** Unique: "n<notification>:<channel>"; the idempotency key the channel gets (a digest: "d<its first row>:<channel>"). */
  key: string;
  user_id: number;
  notification_id: number;
  channel: "email" | "sms" | "push";
  digest: number;
  status: "pending" | "sending" | "sent" | "failed";
  attempts: Generated<number>;
  next_attempt_at: string;
  claimed_at: string | null;
  sent_at: string | null;
  last_error: string | null;
  created_at: string;
}
