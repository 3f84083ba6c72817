// The demo city, written through the same services the app uses.
import type { Kysely } from "kysely";
import type { Database, RoleName } from "../schema";
import { hashPassword } from "../../app/auth/password.server";
import { withDatabase } from "../../app/db.server";
import { createAccountIn } from "../../app/features/accounts/commands.server";
import { generateCodes } from "../../app/features/residency/code-commands.server";
import { SYSTEM_ACTOR } from "../../app/features/errors";
import { addDepartment, addPlace } from "../../app/features/places/commands.server";
import { claimDwelling, reviewClaim } from "../../app/features/residency/commands.server";
import { grantRole } from "../../app/features/roles/commands.server";
import { importRoster } from "../../app/features/places/roster-commands.server";
import { loadActor } from "../../app/features/accounts/actor-queries.server";
import { moderate } from "../../app/features/threads/moderation-commands.server";
import { cosponsor, createDraft, moveProposal } from "../../app/features/proposals/commands.server";
import { closeVote, openVote } from "../../app/features/votes/commands.server";
import { castBallot, confirmPaperBallot, enterPaperBallot } from "../../app/features/votes/ballot-commands.server";
import { postComment, recordMinutes } from "../../app/features/threads/commands.server";
import { createRequest, moveRequest, rateRequest } from "../../app/features/requests/commands.server";
import { setResponsibilities } from "../../app/features/requests/rules-commands.server";
import { refreshSearchTokens } from "../../app/features/proposals/search-commands.server";
import type { OfficeLevel, Subcategory } from "../../app/domain/request-kinds";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PLACES, area, chineseName, mobile, prng } from "./demo-data";

interface RosterLine {
  building: string;
  unit: string;
  room: string;
  area: string;
  name: string;
  phone: string;
}

export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("places").select("id").limit(1).executeTakeFirst();
  return !row;
}

/** Seeds the demo into `db`, which the feature commands it calls use as the process's database meanwhile. */
export function seedDemo(db: Kysely<Database>, now: Date, log: (line: string) => void = () => {}) {
  return withDatabase(db, async () => {
    await seedDemoInto(db, now, log);
    // Everything was indexed with today's tokens: say so, or each server's first start would index it again.
    await refreshSearchTokens();
  });
}

async function seedDemoInto(db: Kysely<Database>, now: Date, log: (line: string) => void) {
  const rand = prng(20261126);
  const used = new Set<string>(Object.values(DEMO_ACCOUNTS).map((a) => a.phone));
  const ids: Record<string, number> = {};
  const sys = SYSTEM_ACTOR;

  const city = await addPlace(sys, { parentId: null, name: DEMO_PLACES.city }, now);
  const district = await addPlace(sys, { parentId: city.id, name: DEMO_PLACES.district }, now);
  const rosters = new Map<number, RosterLine[]>();
  for (const street of DEMO_PLACES.streets) {
    const s = await addPlace(sys, { parentId: district.id, name: street.name }, now);
    ids[street.name] = s.id;
    for (const dep of street.departments) ids[`${street.name}/${dep}`] = await addDepartment(sys, { placeId: s.id, name: dep }, now);
    for (const community of street.communities) {
      const c = await addPlace(sys, { parentId: s.id, name: community.name }, now);
      ids[community.name] = c.id;
      for (const compoundName of community.compounds) {
        const compound = await addPlace(sys, { parentId: c.id, name: compoundName }, now);
        ids[compoundName] = compound.id;
        rosters.set(compound.id, makeRoster(rand, used));
      }
    }
  }

  // The demo resident and the building lead own dwellings in 幸福里小区.
  const xingfu = ids["幸福里小区"];
  const xfRoster = rosters.get(xingfu)!;
  Object.assign(xfRoster[0], { name: DEMO_ACCOUNTS.resident.name, phone: DEMO_ACCOUNTS.resident.phone });
  const leadRow = xfRoster.find((r) => r.building === "1号楼" && r.unit === "2")!;
  Object.assign(leadRow, { name: DEMO_ACCOUNTS.buildingLead.name, phone: DEMO_ACCOUNTS.buildingLead.phone });

  for (const [compoundId, lines] of rosters) {
    const csv = [
      "building,unit,room,area_m2,owner_name,owner_phone",
      ...lines.map((l) => [l.building, l.unit, l.room, l.area, l.name, l.phone].join(",")),
    ].join("\n");
    const result = await importRoster(sys, { compoundId, csv }, now);
    if (!result.ok) throw new Error(`demo roster rejected: ${JSON.stringify(result.errors.slice(0, 3))}`);
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const account = (phone: string, name: string) => createAccountIn(db, { phone, name, passwordHash, locale: null }, now);
  const accountIds: Record<string, number> = {};
  for (const [key, a] of Object.entries(DEMO_ACCOUNTS)) accountIds[key] = await account(a.phone, a.name);

  const claimAndApprove = async (userId: number, compoundId: number, l: RosterLine, relation: "owner" | "tenant" | "family") => {
    const residencyId = await claimDwelling(userId, { compoundId, building: l.building, unit: l.unit, room: l.room, relation, note: null }, now);
    await reviewClaim(sys, { residencyId, decision: "approve", reason: null }, now);
  };

  // Owners sign up and are verified: about 30 per compound, plus a few tenants and family members.
  let verified = 0;
  const owners = new Map<string, number>([
    [DEMO_ACCOUNTS.resident.phone, accountIds.resident],
    [DEMO_ACCOUNTS.buildingLead.phone, accountIds.buildingLead],
  ]);
  for (const [compoundId, lines] of rosters) {
    for (const [i, l] of lines.entries()) {
      const signedUp = owners.has(l.phone) || rand() < 0.7;
      if (!signedUp) continue;
      let userId = owners.get(l.phone);
      if (userId === undefined) {
        userId = await account(l.phone, l.name);
        owners.set(l.phone, userId);
      }
      await claimAndApprove(userId, compoundId, l, "owner");
      verified++;
      if (i % 9 === 4) {
        const tenantId = await account(mobile(rand, used), chineseName(rand));
        await claimAndApprove(tenantId, compoundId, l, i % 2 ? "tenant" : "family");
        verified++;
      }
    }
  }
  await claimAndApprove(accountIds.tenant, xingfu, xfRoster[5], "tenant");
  verified++;

  // Claims waiting for the coordinator of 幸福里小区.
  await claimDwelling(
    accountIds.newcomer,
    { compoundId: xingfu, building: xfRoster[9].building, unit: xfRoster[9].unit, room: xfRoster[9].room, relation: "tenant", note: "刚搬来，租期两年" },
    now,
  );
  for (const l of xfRoster.slice(20, 23)) {
    const userId = await account(mobile(rand, used), chineseName(rand));
    await claimDwelling(userId, { compoundId: xingfu, building: l.building, unit: l.unit, room: l.room, relation: "family", note: null }, now);
  }

  const grant = (key: keyof typeof DEMO_ACCOUNTS, role: RoleName, placeId: number | null, departmentId: number | null = null) =>
    grantRole(sys, { phone: DEMO_ACCOUNTS[key].phone, role, placeId, departmentId }, now);
  await grant("admin", "admin", null);
  await grant("coordinator", "coordinator", xingfu);
  await grant("communityCoordinator", "coordinator", ids["春晖社区"]);
  const building1 = await db.selectFrom("places").select("id").where("parent_id", "=", xingfu).where("name", "=", "1号楼").executeTakeFirstOrThrow();
  await grant("buildingLead", "building_lead", building1.id);
  await grant("communityStaff", "community_staff", ids["幸福里社区"]);
  await grant("streetStaff", "street_staff", ids["东湖街道"]);
  await grant("departmentStaff", "department_staff", ids["东湖街道"], ids["东湖街道/城管科"]);

  await generateCodes(sys, { compoundId: xingfu, mode: "missing" }, now);
  await seedProposals(db, xingfu, accountIds, now);
  await seedRequests(db, ids, accountIds, now);
  const count = async (table: "dwellings" | "users") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  log(`demo: ${rosters.size} compounds, ${await count("dwellings")} dwellings, ${verified} verified residencies, ${await count("users")} accounts`);
  return { ids, accountIds };
}

/** A few proposals in 幸福里小区: one published by its co-sponsors with a lively thread, one waiting for review, one draft. */
async function seedProposals(db: Kysely<Database>, compoundId: number, accountIds: Record<string, number>, now: Date) {
  const at = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const actor = (id: number) => loadActor(db, id);
  const neighbours = await db
    .selectFrom("residencies")
    .select(["user_id", "dwelling_id"])
    .where("compound_id", "=", compoundId)
    .where("status", "=", "verified")
    .where("user_id", "not in", [accountIds.resident, accountIds.buildingLead, accountIds.tenant])
    .orderBy("id")
    .execute();
  const distinct = neighbours.filter((n, i) => neighbours.findIndex((m) => m.dwelling_id === n.dwelling_id || m.user_id === n.user_id) === i).slice(0, 8);
  const resident = await actor(accountIds.resident);
  const elevator = await createDraft(
    resident,
    {
      compoundId,
      title: "1号楼加装电梯，请大家一起商量",
      category: "housing",
      body: "1号楼共六层，没有电梯，楼里有不少老人，上下楼很不方便。\n\n**建议**：\n\n1. 申请使用维修资金和政府补贴加装电梯；\n2. 低层住户的补偿方案由大家协商；\n3. 施工期间注意安全和噪声。\n\n欢迎邻居们发表意见。",
      submit: true,
    },
    at(600),
  );
  for (const [i, n] of distinct.slice(0, 4).entries()) await cosponsor(await actor(n.user_id), elevator, at(590 - i));
  const views: [number, "for" | "against" | "neutral", string][] = [
    [distinct[0].user_id, "for", "支持！我家老人住五楼，每次买菜回来都要歇好几次。"],
    [distinct[1].user_id, "against", "一楼住户采光会受影响，补偿方案要先说清楚。"],
    [distinct[2].user_id, "neutral", "想了解一下费用怎么分摊，维修资金够不够？"],
  ];
  const commentIds: number[] = [];
  for (const [i, [userId, stance, body]] of views.entries()) {
    commentIds.push(await postComment(await actor(userId), { proposalId: elevator, parentId: null, stance, body }, at(500 - i * 10)));
  }
  await postComment(resident, { proposalId: elevator, parentId: commentIds[1], stance: null, body: "同意先讨论补偿，可以请社区来开个议事会。" }, at(400));
  const coordinator = await actor(accountIds.coordinator);
  const answer = await postComment(
    coordinator,
    {
      proposalId: elevator,
      parentId: null,
      stance: "neutral",
      body: "根据本市既有住宅加装电梯的政策，可以申请财政补贴。费用按楼层分摊，具体方案将在议事会上讨论。",
    },
    at(300),
  );
  await moderate(coordinator, { proposalId: elevator, act: "official", commentId: answer, reason: null }, at(299));
  await recordMinutes(
    coordinator,
    {
      proposalId: elevator,
      kind: "meeting",
      date: at(200).toISOString().slice(0, 10),
      place: "小区议事厅",
      attendance: 23,
      body: "到会 23 户。多数住户赞成加装电梯；一楼、二楼住户希望明确补偿。下次会议前由物业提供两家施工单位报价。",
    },
    at(200),
  );
  const parking = distinct[4] ? await actor(distinct[4].user_id) : resident;
  const parkingId = await createDraft(
    parking,
    { compoundId, title: "规范小区停车，清理僵尸车", category: "safety", body: "消防通道经常被占，建议划线停车，清理长期不动的车辆。", submit: true },
    at(120),
  );
  await moveProposal(coordinator, { proposalId: parkingId, action: "publish", reason: null }, at(100));
  await createDraft(
    distinct[5] ? await actor(distinct[5].user_id) : resident,
    { compoundId, title: "垃圾分类投放点加装洗手池", category: "environment", body: "投放点旁边没有洗手的地方，建议加装一个洗手池。", submit: true },
    at(60),
  );
  await createDraft(resident, { compoundId, title: "小区健身器材维修（草稿）", category: "social", body: "东侧健身器材有两件坏了。" }, at(30));

  // A vote that has run its course: owners decided to renew the door access system; a resolution followed.
  const gateId = await createDraft(
    resident,
    {
      compoundId,
      title: "更换单元门禁系统",
      category: "safety",
      body: "现有门禁经常失灵。建议使用公共收益更换为刷卡加人脸识别的门禁，费用约 6 万元。",
      submit: true,
    },
    at(60 * 24 * 6),
  );
  await moveProposal(coordinator, { proposalId: gateId, action: "publish", reason: null }, at(60 * 24 * 6 - 10));
  const voteId = await openVote(
    coordinator,
    { proposalId: gateId, rule: "owners_ordinary", per: "dwelling", quorumPercent: 0, secret: true, opensAt: at(60 * 24 * 5), closesAt: at(60 * 24) },
    at(60 * 24 * 5),
  );
  const owners = await db
    .selectFrom("vote_voters as w")
    .innerJoin("users as u", "u.phone", "w.phone")
    .select(["u.id", "u.phone"])
    .where("w.vote_id", "=", voteId)
    .groupBy(["u.id", "u.phone"])
    .orderBy("u.id")
    .execute();
  for (const [i, o] of owners.entries()) {
    const choice = i % 10 === 3 ? "oppose" : i % 10 === 7 ? "abstain" : "agree";
    await castBallot(await actor(o.id), o, { voteId, choice }, at(60 * 24 * 4 - i * 7));
  }
  // Three households of 1号楼 voted on paper: entered by the coordinator, confirmed by the building lead.
  const lead = await actor(accountIds.buildingLead);
  const missing = await db
    .selectFrom("vote_electors as e")
    .leftJoin("ballot_casts as c", (j) => j.onRef("c.elector_id", "=", "e.id").onRef("c.vote_id", "=", "e.vote_id"))
    .select("e.id")
    .where("e.vote_id", "=", voteId)
    .where("e.label", "like", "1号楼%")
    .where("c.elector_id", "is", null)
    .limit(3)
    .execute();
  for (const [i, e] of missing.entries()) {
    const paperId = await enterPaperBallot(coordinator, { voteId, electorId: e.id, choice: "agree" }, at(60 * 24 * 2 - i));
    await confirmPaperBallot(lead, { voteId, paperId }, at(60 * 24 * 2 - i - 30));
  }
  await closeVote(voteId, at(60 * 24 - 1));
}

/** 3 buildings × 2 units × 4 floors × 2 rooms; now and then one owner holds two dwellings. */
function makeRoster(rand: () => number, used: Set<string>): RosterLine[] {
  const lines: RosterLine[] = [];
  for (let b = 1; b <= 3; b++)
    for (let u = 1; u <= 2; u++)
      for (let f = 1; f <= 4; f++)
        for (let r = 1; r <= 2; r++) {
          const previous = lines[lines.length - 1];
          const sameOwner = previous && rand() < 0.06;
          lines.push({
            building: `${b}号楼`,
            unit: String(u),
            room: `${f}0${r}`,
            area: area(rand),
            name: sameOwner ? previous.name : chineseName(rand),
            phone: sameOwner ? previous.phone : mobile(rand, used),
          });
        }
  return lines;
}

/** The streets' responsibility lists, and two requests from the door-access resolution: one waiting at the
 * community, one done by the compound and rated. */
async function seedRequests(db: Kysely<Database>, ids: Record<string, number>, accountIds: Record<string, number>, now: Date) {
  const at = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const lists: Record<string, [Subcategory, OfficeLevel, string | null][]> = {
    东湖街道: [
      ["elevator", "community", "住建科"],
      ["repair", "compound", "住建科"],
      ["parking", "compound", "城管科"],
      ["security", "community", "城管科"],
      ["garbage", "compound", "城管科"],
      ["greening", "community", "城管科"],
      ["elderly", "community", "民政科"],
      ["jobs", "street", "民政科"],
      ["other", "community", null],
    ],
    西岭街道: [
      ["elevator", "community", "城管科"],
      ["parking", "compound", "城管科"],
      ["elderly", "community", "卫健科"],
    ],
  };
  for (const [street, rows] of Object.entries(lists)) {
    await setResponsibilities(
      SYSTEM_ACTOR,
      { streetId: ids[street], rows: rows.map(([subcategory, level, dep]) => ({ subcategory, level, departmentId: dep ? ids[`${street}/${dep}`] : null })) },
      now,
    );
  }
  const resolution = await db.selectFrom("resolutions").select("id").orderBy("id").executeTakeFirst();
  if (!resolution) return;
  const coordinator = await loadActor(db, accountIds.coordinator);
  await createRequest(
    coordinator,
    {
      resolutionId: resolution.id,
      title: "更换单元门禁设备（采购与安装）",
      body: "按决议更换 6 个单元的门禁为刷卡加人脸识别，需社区协调供应商比选。",
      subcategory: "security",
      budgetFen: 6_000_000,
      funding: "maintenance_fund",
    },
    at(60 * 20),
  );
  const { id: duty } = await createRequest(
    coordinator,
    {
      resolutionId: resolution.id,
      title: "门禁更换期间安排临时值守",
      body: "施工期间每个单元门口安排志愿者值守，登记外来人员。",
      subcategory: "repair",
      budgetFen: 120_000,
      funding: "other",
    },
    at(60 * 20),
  );
  await moveRequest(coordinator, { requestId: duty, action: "accept" }, at(60 * 19));
  await moveRequest(coordinator, { requestId: duty, action: "start" }, at(60 * 18));
  await moveRequest(coordinator, { requestId: duty, action: "complete", result: "已排班 12 名志愿者，施工期间每日 7:00–21:00 值守。" }, at(60 * 3));
  await rateRequest(await loadActor(db, accountIds.tenant), { requestId: duty, rating: "satisfied", change: false }, at(60 * 2));
}
