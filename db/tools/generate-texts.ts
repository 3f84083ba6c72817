// Texts for the generated database (npm run db:generate): place names, proposals, comments and service
// requests about what neighbours in a Chinese compound actually discuss. Deterministic: every pick takes
// the generator's seeded PRNG.
import type { Category, Stance } from "../schema";
import type { Subcategory } from "../../app/domain/request-kinds";

type Rand = () => number;
export const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)];

const PLACE_A = "东西南北中新和平安康泰福寿春秋金银玉翠锦绣华阳光明星月湖海山河江天龙凤祥瑞嘉兴隆盛丰裕永宁长乐青松竹梅兰桂枫杨柳桃李";
const PLACE_B = "园苑城府庭湾邸轩居坊里景岸台阁";
const COMPOUND_SUFFIX = ["小区", "花园", "家园", "新村", "公寓", "苑", "名邸", "雅居", "华庭", "佳园"];

/** A two-character place word: 锦绣, 春晖, 枫林 … */
function word(rand: Rand): string {
  const a = PLACE_A[Math.floor(rand() * PLACE_A.length)];
  let b = PLACE_A[Math.floor(rand() * PLACE_A.length)];
  if (b === a) b = PLACE_B[Math.floor(rand() * PLACE_B.length)];
  return a + b;
}

/** Names not used before (resolution numbers are made of compound names, so compounds must differ). */
export function uniqueName(rand: Rand, used: Set<string>, make: (rand: Rand) => string): string {
  for (let i = 0; ; i++) {
    const name = make(rand) + (i > 50 ? String(i) : "");
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

export const streetName = (rand: Rand) => `${word(rand)}街道`;
export const communityName = (rand: Rand) => `${word(rand)}社区`;
export const compoundName = (rand: Rand) => word(rand) + pick(rand, COMPOUND_SUFFIX);
export const DEPARTMENTS = ["城管科", "住建科", "民政科", "平安办", "卫健科", "社会事务科"];

interface Topic {
  category: Category;
  subcategory: Subcategory;
  titles: string[];
  why: string[];
  asks: string[];
  for: string[];
  against: string[];
  neutral: string[];
  requests: string[];
  results: string[];
}

export const TOPICS: Topic[] = [
  {
    category: "housing",
    subcategory: "parking",
    titles: ["规范小区停车，清理僵尸车", "地面停车位重新划线", "增设电动车充电桩", "访客车辆临时停车管理", "地下车库照明改造", "消防通道禁止停车"],
    why: [
      "晚上回来经常找不到车位，消防通道也被占了。",
      "小区里有好几辆车半年没动过，占着车位。",
      "电动车在楼道里充电，存在很大的火灾隐患。",
      "外来车辆随便进出，业主反而没地方停。",
    ],
    asks: ["重新规划地面车位并划线", "清理长期不动的僵尸车", "在{n}号楼旁增设充电桩", "访客车辆登记并限时停放", "消防通道加装地桩和警示牌"],
    for: ["支持！每天晚上找车位要转好几圈。", "早就该管了，消防通道堵着太危险。", "充电桩很需要，楼道充电太吓人了。", "同意，外来车太多了。"],
    against: ["划线后车位反而变少了怎么办？", "收费标准要先公示，不能物业说了算。", "充电桩离我家窗户太近，担心安全。", "清车之前要先联系车主，不能直接拖走。"],
    neutral: ["想问一下充电桩的电费怎么算？", "能不能先统计一下有多少辆车？", "建议先试行一个月再看效果。", "车位是按户分配还是先到先得？"],
    requests: ["地面停车位划线施工", "清理僵尸车辆", "安装电动车充电桩", "消防通道地桩安装"],
    results: ["已完成划线 {n}0 个车位，并设置了指示牌。", "已联系车主，清理长期停放车辆 {n} 辆。", "充电桩已安装调试完毕，可扫码使用。"],
  },
  {
    category: "housing",
    subcategory: "elevator",
    titles: ["{n}号楼加装电梯，请大家一起商量", "老楼加装电梯费用分摊方案", "电梯维保单位更换", "电梯加装意见征集", "电梯困人应急处置"],
    why: ["楼里老人多，上下楼非常不方便。", "加装电梯政府有补贴，错过就可惜了。", "电梯经常停运，维保单位响应太慢。", "上个月电梯困人，四十分钟才有人来。"],
    asks: ["申请使用维修资金和政府补贴加装电梯", "低层住户的补偿方案由大家协商", "更换响应更快的维保单位", "每部电梯张贴应急电话"],
    for: ["支持！我家老人住{n}楼，每次买菜回来都要歇好几次。", "早装早受益，大家都会变老的。", "维保单位确实该换了。", "同意，费用按楼层分摊比较公平。"],
    against: ["一楼住户采光会受影响，补偿方案要先说清楚。", "费用太高了，低层住户用不上。", "施工期间噪声怎么办？", "维修资金要留着应急，不能都用在这里。"],
    neutral: ["想了解一下费用怎么分摊，维修资金够不够？", "能不能请社区来开个议事会？", "有没有其他小区的经验可以参考？", "政府补贴需要多少户同意？"],
    requests: ["加装电梯可行性论证", "电梯维保单位比选", "电梯应急电话张贴"],
    results: ["已完成可行性论证，施工单位报价已公示。", "已更换维保单位，响应时间承诺三十分钟内。"],
  },
  {
    category: "environment",
    subcategory: "garbage",
    titles: ["垃圾分类投放点加装洗手池", "调整垃圾分类投放时间", "厨余垃圾桶及时清运", "增设大件垃圾临时堆放点", "垃圾房除臭和防蚊蝇"],
    why: [
      "投放点旁边没有洗手的地方，很不方便。",
      "早上七点到九点投放时间太短，上班族赶不上。",
      "夏天厨余垃圾桶味道很大，招蚊子。",
      "装修垃圾随处乱堆，影响通行。",
    ],
    asks: ["在投放点旁加装洗手池", "晚上增加一个投放时段", "厨余垃圾每天清运两次", "在北门设大件垃圾临时堆放点"],
    for: ["支持，夏天垃圾房味道太大了。", "投放时间确实应该延长。", "同意，装修垃圾乱堆很久了。", "洗手池很实用，点赞！"],
    against: ["洗手池的水费谁出？", "延长时间需要增加督导员，费用怎么办？", "堆放点离我家楼太近了。"],
    neutral: ["可以参考隔壁小区的做法。", "建议先做个问卷。", "督导员能不能由志愿者轮流担任？"],
    requests: ["投放点加装洗手池", "垃圾房除臭改造", "大件垃圾堆放点设置"],
    results: ["洗手池已安装并通水。", "垃圾房已完成除臭改造，每周消杀两次。"],
  },
  {
    category: "environment",
    subcategory: "greening",
    titles: ["中心花园绿化改造", "修剪遮挡阳光的大树", "补种草坪和灌木", "增设小区休闲座椅", "楼前空地改建口袋公园"],
    why: ["{n}号楼前的大树挡住了低层住户的阳光。", "中心花园的草坪被踩秃了，下雨一地泥。", "老人们想在花园里坐坐，可是没有座椅。"],
    asks: ["请园林公司修剪树枝", "补种草坪并设置步道", "增设{n}组休闲座椅", "楼前空地改建口袋公园"],
    for: ["支持，低层一年四季晒不到太阳。", "花园改好了孩子们也有地方玩。", "座椅很需要，老人走累了可以歇歇。"],
    against: ["树不能随便砍，要保护绿化。", "改造费用从哪里出？", "座椅放在楼下晚上会有人聊天太吵。"],
    neutral: ["修剪需要园林部门审批吧？", "能不能找志愿者一起种？", "建议在春天施工。"],
    requests: ["树木修剪", "草坪补种", "休闲座椅安装"],
    results: ["已修剪树木 {n} 棵，低层采光明显改善。", "草坪补种完成，设置了步道。"],
  },
  {
    category: "social",
    subcategory: "elderly",
    titles: ["开设社区老年食堂", "为独居老人安装紧急呼叫器", "老年活动室延长开放时间", "组织志愿者定期探访高龄老人", "楼道加装扶手"],
    why: ["小区里独居老人越来越多，吃饭是个难题。", "上个月有位老人在家摔倒，两天后才被发现。", "活动室下午四点就关门，老人们意见很大。"],
    asks: ["与社区合作开设老年助餐点", "为八十岁以上独居老人安装紧急呼叫器", "活动室开放到晚上八点", "每栋楼安排志愿者每周探访"],
    for: ["支持！我父母就是独居老人。", "助餐点很需要，价格实惠最好。", "愿意报名当志愿者。", "扶手很有必要，老人上楼太危险了。"],
    against: ["助餐点选址要避开住宅楼，油烟太大。", "呼叫器费用谁承担？", "晚上开放需要有人值班。"],
    neutral: ["能不能和社区卫生服务中心合作？", "有多少位老人需要这个服务？", "建议先统计需求。"],
    requests: ["老年助餐点选址", "独居老人紧急呼叫器安装", "楼道扶手加装"],
    results: ["已为 {n}0 位独居老人安装紧急呼叫器。", "助餐点已开业，每餐十二元。"],
  },
  {
    category: "safety",
    subcategory: "security",
    titles: ["更换单元门禁系统", "小区监控补盲", "加强夜间巡逻", "楼道杂物清理消除消防隐患", "外卖快递人员出入管理"],
    why: ["现有门禁经常失灵，陌生人随便进出。", "车棚那边没有监控，电动车电瓶被偷了好几次。", "楼道里堆满了杂物，一旦着火后果严重。"],
    asks: ["使用公共收益更换为刷卡加人脸识别的门禁", "车棚和北门增设监控", "保安夜间每两小时巡逻一次", "统一清理楼道杂物"],
    for: ["支持，门禁坏了很久了。", "监控很需要，我家电瓶也被偷过。", "楼道杂物一定要清，太危险了。"],
    against: ["人脸识别涉及隐私，数据怎么保存？", "费用太高，能不能先修一修？", "清理杂物要提前通知，不能直接扔。"],
    neutral: ["门禁卡每户发几张？", "监控录像保存多久？", "巡逻记录能不能公开？"],
    requests: ["单元门禁更换", "监控补盲安装", "楼道杂物集中清理"],
    results: ["已更换 {n} 个单元的门禁设备。", "新增监控探头 {n} 个，覆盖车棚和北门。"],
  },
  {
    category: "housing",
    subcategory: "repair",
    titles: ["屋顶防水维修", "外墙脱落隐患排查", "单元门和信报箱维修", "下水管道疏通改造", "楼道灯改为声控灯"],
    why: ["顶楼每逢下雨就漏水，墙皮都泡掉了。", "外墙瓷砖有松动，掉下来会砸到人。", "下水道经常堵，一楼住户苦不堪言。"],
    asks: ["申请维修资金做屋顶防水", "请专业机构排查外墙", "更换老化下水管", "楼道灯全部换成声控灯"],
    for: ["支持，顶楼住户太难了。", "外墙隐患必须马上处理。", "同意，一楼天天返水。"],
    against: ["维修资金要公开账目。", "施工单位要公开招标。"],
    neutral: ["维修资金还剩多少？", "保修期内能不能找开发商？", "需要多少户签字同意？"],
    requests: ["屋顶防水施工", "外墙安全排查", "下水管道改造", "楼道灯更换"],
    results: ["屋顶防水已完成，保修五年。", "已更换下水管 {n}0 米。", "楼道灯已全部更换为声控灯。"],
  },
  {
    category: "employment",
    subcategory: "jobs",
    titles: ["社区招聘会进小区", "开设家政技能培训班", "为失业居民提供就业咨询", "组织居民互助就业信息群"],
    why: ["小区里有不少年轻人找不到合适的工作。", "很多阿姨想做家政，但缺少培训和证书。"],
    asks: ["请街道在小区举办招聘会", "开设免费家政培训班", "每月一次就业咨询"],
    for: ["支持，家门口找工作方便。", "培训班很好，我想报名。"],
    against: ["招聘会场地放哪里？会不会很吵？"],
    neutral: ["培训结束能发证书吗？", "有没有适合残疾人的岗位？"],
    requests: ["小区招聘会", "家政技能培训", "就业咨询服务"],
    results: ["招聘会已举办，{n}0 家企业参加。", "培训班结业 {n}0 人。"],
  },
  {
    category: "selfgov",
    subcategory: "other",
    titles: ["公开物业费收支明细", "成立业主委员会筹备组", "制定小区文明公约", "公共收益使用情况公示", "更换物业服务企业的意见征集"],
    why: ["物业费涨了，但服务没见改善，收支不透明。", "小区一直没有业委会，很多事情没人牵头。", "电梯广告和车位租金的收益去向不明。"],
    asks: ["每季度公开物业费收支明细", "成立业委会筹备组", "公共收益每半年公示一次", "征集大家对物业服务的意见"],
    for: ["支持公开，账目透明大家才放心。", "早就该成立业委会了。", "同意，公共收益是全体业主的。"],
    against: ["换物业要慎重，新物业未必更好。", "筹备组成员怎么产生？要公平。"],
    neutral: ["能不能请街道来指导？", "公约具体包括哪些内容？", "建议先做满意度调查。"],
    requests: ["物业收支公示", "业委会筹备指导", "公共收益审计"],
    results: ["已在公告栏和网上公示收支明细。", "街道已派员指导筹备组工作。"],
  },
];

const fill = (rand: Rand, s: string) => s.replace(/\{n\}/g, () => String(1 + Math.floor(rand() * 9)));

export function proposalText(rand: Rand, topic: Topic): { title: string; body: string } {
  const title = fill(rand, pick(rand, topic.titles));
  const why = fill(rand, pick(rand, topic.why));
  const n = 2 + Math.floor(rand() * 2);
  const asks: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = fill(rand, pick(rand, topic.asks));
    if (!asks.includes(a)) asks.push(a);
  }
  const close = pick(rand, ["欢迎邻居们发表意见。", "请大家多提意见，一起把事情办好。", "希望物业和社区给予支持。", "具体方案可以在议事会上讨论。"]);
  const body = `${why}\n\n**建议**：\n\n${asks.map((a, i) => `${i + 1}. ${a}；`).join("\n")}\n\n${close}`;
  return { title, body };
}

const OPENERS = ["", "", "", "我觉得", "说实话，", "补充一点：", "作为{n}号楼的住户，", "同意楼上的，", "个人意见："];
const CLOSERS = ["", "", "", "希望尽快落实。", "大家怎么看？", "谢谢发起人！", "期待议事会讨论。", "建议物业尽快回复。"];

/** A one-paragraph comment with no Markdown in it: its HTML is just the escaped text in a paragraph. */
export function commentText(rand: Rand, topic: Topic, stance: Stance): string {
  const pool = stance === "for" ? topic.for : stance === "against" ? topic.against : topic.neutral;
  return fill(rand, pick(rand, OPENERS) + pick(rand, pool) + pick(rand, CLOSERS));
}

export const REPLIES = ["谢谢解答。", "这个问题我也想知道。", "说得有道理。", "可以在议事会上再讨论。", "我不太同意，费用要先算清楚。", "已经反映给物业了。"];
export const OFFICIAL = [
  "根据相关政策，可以申请财政补贴，具体方案将在议事会上讨论。",
  "物业已收到大家的意见，将在一周内给出答复。",
  "社区将协调相关部门现场查看。",
];

export function requestText(rand: Rand, topic: Topic): { title: string; body: string } {
  const title = fill(rand, pick(rand, topic.requests));
  const body = `按决议实施：${fill(rand, pick(rand, topic.asks))}。${pick(rand, ["请尽快安排。", "施工期间注意安全。", "完成后请上传照片。", "费用按决议列支。"])}`;
  return { title, body };
}

export const requestResult = (rand: Rand, topic: Topic) => fill(rand, pick(rand, topic.results));
export const ESCALATE_REASONS = ["超出小区能力，需社区协调", "涉及多个单位，需上级协调", "需要街道审批", "资金需街道统筹"];
export const DECLINE_REASONS = ["与已有提案重复", "不属于小区自治事项", "请补充具体方案后再提交"];
