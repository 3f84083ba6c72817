// What the account pages show: the account, its sessions, and the download of everything kept about a person.
import { getDb } from "~/db.server";
import { describeDevice } from "~/domain/device";
import { getUser } from "~/features/accounts/queries.server";
import { personalDataOf } from "~/features/accounts/personal-data-queries.server";
import { listSessions } from "~/features/accounts/session-queries.server";
import { handleOf } from "~/features/accounts/commands.server";
import { activeGrantsOf } from "~/features/roles/queries.server";

/** The account page: since when, and the roles held (the person sees their own number in full). */
export async function accountPage(user: { id: number; phone: string; name: string }) {
  const db = getDb();
  const [row, grants] = await Promise.all([getUser(db, user.id), activeGrantsOf(db, user.id)]);
  return { phone: user.phone, name: user.name, since: row?.created_at ?? "", grants };
}

/** A person's own live sessions, each named by its handle, device and last use. */
export async function mySessions(user: { id: number; sessionId: string }, now: Date) {
  const rows = await listSessions(getDb(), user.id, now.toISOString());
  return rows.map((r) => ({
    handle: handleOf(r.id),
    current: r.id === user.sessionId,
    ...describeDevice(r.user_agent),
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at ?? r.created_at,
  }));
}

/**
 * A download of everything kept about a person (JSON). Secret choices are in no export: they are not kept
 * beside the voter at all.
 */
export async function exportMyData(userId: number, now: Date) {
  const d = await personalDataOf(getDb(), userId);
  const { user } = d;
  return {
    exportedAt: now.toISOString(),
    account: {
      phone: user.phone,
      name: user.name,
      locale: user.locale,
      largeText: user.large_text === null ? null : user.large_text === 1,
      createdAt: user.created_at,
    },
    residencies: d.residencies,
    roles: d.roles,
    sessions: d.sessions.map((s) => ({
      ...describeDevice(s.user_agent),
      userAgent: s.user_agent,
      createdAt: s.created_at,
      lastSeenAt: s.last_seen_at,
      expiresAt: s.expires_at,
    })),
    proposals: d.proposals,
    comments: d.comments,
    cosponsored: d.cosponsored,
    follows: d.follows,
    reports: d.reports,
    notifications: d.notifications,
    /** Ballots cast for the person's dwellings: when and how, never the choice (secret, and not kept beside the voter). */
    ballots: d.votes,
    activity: d.activity,
    /** Email address and phone for notices (issue 17). */
    contacts: d.contacts,
  };
}
