// Personal data: a person downloads all that is kept about them, and closes their account. Name and number
// are erased, their posts stay under 已注销用户, and their counted ballot stays counted.
import { describe, expect, it } from "vitest";
import { sessionIdOf } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { loadActor } from "~/features/accounts/actor-queries.server";
import { action as closeAction } from "~/routes/account_.close";
import { loader as dataLoader } from "~/routes/account_.data";
import { closeAccount, signIn } from "~/features/accounts/commands.server";
import { postComment } from "~/features/threads/commands.server";
import { closeVote, openVote } from "~/features/votes/commands.server";
import { castBallot } from "~/features/votes/ballot-commands.server";
import { callAction, callLoader, cookieFor, snapshot } from "../support/routes";
import { actorOf, refusal, userId } from "../support/services";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/tools/demo-data";
import { now as clockNow } from "~/clock.server";

const db = () => getDb();

describe("my data", () => {
  it("downloads everything kept about me as JSON, and no ballot's choice", async () => {
    const r = await callLoader(dataLoader, "/account/data", {}, await cookieFor("resident"));
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Disposition")).toContain("attachment");
    const data = r.data as Record<string, unknown> & {
      account: { phone: string; name: string };
      residencies: unknown[];
      ballots: Record<string, unknown>[];
      sessions: unknown[];
    };
    expect(data.account).toMatchObject({ phone: DEMO_ACCOUNTS.resident.phone, name: DEMO_ACCOUNTS.resident.name });
    expect(data.residencies.length).toBeGreaterThan(0);
    expect(data.sessions.length).toBeGreaterThan(0);
    for (const key of ["roles", "proposals", "comments", "cosponsored", "follows", "reports", "notifications", "ballots", "activity"])
      expect(Array.isArray(data[key]), key).toBe(true);
    expect(data.ballots.length).toBeGreaterThan(0); // the demo resolution's secret vote
    for (const b of data.ballots) expect(Object.values(b)).not.toEqual(expect.arrayContaining(["agree", "oppose", "abstain"]));
    expect(JSON.stringify(data)).not.toMatch(/password|scrypt/);
  });
});

describe("closing an account", () => {
  it("refuses a wrong password or a missing confirmation and changes nothing", async () => {
    const cookie = await cookieFor("tenant");
    const before = await snapshot();
    const wrong = await callAction(closeAction, "/account/close", { password: "not-my-password", confirm: "yes" }, {}, cookie);
    expect(wrong.status).toBe(400);
    expect((wrong.data as { formError: { key: string } }).formError.key).toBe("account.closeWrongPassword");
    const unconfirmed = await callAction(closeAction, "/account/close", { password: DEMO_PASSWORD }, {}, cookie);
    expect(unconfirmed.status).toBe(400);
    expect((unconfirmed.data as { fieldErrors: Record<string, { key: string }> }).fieldErrors.confirm.key).toBe("account.closeMustConfirm");
    expect(await snapshot()).toBe(before);
  });

  it("erases name and number, ends residency, roles and sessions; posts stay under 已注销用户, the ballot stays counted", async () => {
    const me = await userId("resident");
    const proposal = await db().selectFrom("proposals").select(["id", "compound_id"]).where("title", "like", "1号楼加装电梯%").executeTakeFirstOrThrow();
    const actor = await loadActor(db(), me);
    const commentId = await postComment(actor, { proposalId: proposal.id, parentId: null, stance: "for", body: "我支持加装电梯。" }, clockNow());
    // An open secret vote in which I cast a ballot.
    const t0 = clockNow().getTime();
    const voteId = await openVote(
      await actorOf("coordinator"),
      {
        proposalId: proposal.id,
        rule: "owners_ordinary",
        per: "dwelling",
        quorumPercent: 0,
        secret: true,
        opensAt: new Date(t0),
        closesAt: new Date(t0 + 3_600_000),
      },
      new Date(t0),
    );
    await castBallot(actor, { id: me, phone: DEMO_ACCOUNTS.resident.phone }, { voteId, choice: "agree" }, new Date(t0 + 1000));
    const other = await signIn({ phone: DEMO_ACCOUNTS.resident.phone, password: DEMO_PASSWORD }, clockNow());

    const cookie = await cookieFor("resident");
    const r = await callAction(closeAction, "/account/close", { password: DEMO_PASSWORD, confirm: "yes" }, {}, cookie);
    expect(r.status).toBe(302);
    expect(r.headers.get("Set-Cookie")).toMatch(/session=;/);

    const user = await db().selectFrom("users").selectAll().where("id", "=", me).executeTakeFirstOrThrow();
    expect(user.name).toBe("已注销用户");
    expect(user.phone).not.toContain(DEMO_ACCOUNTS.resident.phone);
    expect(await db().selectFrom("sessions").select("id").where("user_id", "=", me).execute()).toEqual([]);
    expect(await db().selectFrom("sessions").select("id").where("id", "=", sessionIdOf(other.token)).execute()).toEqual([]);
    const residencies = await db().selectFrom("residencies").select("status").where("user_id", "=", me).execute();
    expect(residencies.every((x) => x.status === "ended" || x.status === "rejected")).toBe(true);
    // The number is gone from every table the account touches (the compound's roster is the compound's record).
    for (const t of ["users", "vote_voters", "sign_in_failures", "sessions"] as const) {
      const rows = await db().selectFrom(t).selectAll().execute();
      expect(JSON.stringify(rows), t).not.toContain(DEMO_ACCOUNTS.resident.phone);
    }
    expect(await refusal(signIn({ phone: DEMO_ACCOUNTS.resident.phone, password: DEMO_PASSWORD }, clockNow()))).toMatchObject({ key: "auth.badCredentials" });
    // The comment stays, signed by the closed account.
    const comment = await db()
      .selectFrom("comments")
      .innerJoin("users", "users.id", "comments.author_id")
      .select(["users.name", "comments.body_md"])
      .where("comments.id", "=", commentId)
      .executeTakeFirstOrThrow();
    expect(comment).toEqual({ name: "已注销用户", body_md: "我支持加装电梯。" });
    // The ballot was cast for the dwelling: it is counted at close.
    await closeVote(voteId, new Date(t0 + 3_600_001));
    const vote = await db().selectFrom("votes").select(["status", "result"]).where("id", "=", voteId).executeTakeFirstOrThrow();
    expect(vote.status).toBe("closed");
    const result = JSON.parse(vote.result!) as { counts: { participating: number; byChoice: { agree: { ballots: number } } } };
    expect(result.counts.participating).toBe(1);
    expect(result.counts.byChoice.agree.ballots).toBe(1);
    expect(await db().selectFrom("published_ballots").select("choice").where("vote_id", "=", voteId).execute()).toEqual([{ choice: "agree" }]);
  });

  it("needs the password: another way in (a stolen session) cannot close it", async () => {
    expect(await refusal(closeAccount({ userId: await userId("tenant"), password: "" }, clockNow()))).toMatchObject({ status: 400 });
  });
});
