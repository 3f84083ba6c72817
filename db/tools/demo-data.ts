// Deterministic demo data: names, phones and areas that look real, the same on every machine.
export function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强淑珍红梅海燕晓东文博子涵雨萱浩然欣怡宇轩思远嘉怡梓萱俊杰佳琪明轩晨曦一诺";

export function chineseName(rand: () => number): string {
  const surname = SURNAMES[Math.floor(rand() * SURNAMES.length)];
  const len = rand() < 0.6 ? 2 : 1;
  let given = "";
  for (let i = 0; i < len; i++) given += GIVEN[Math.floor(rand() * GIVEN.length)];
  return surname + given;
}

export function mobile(rand: () => number, used: Set<string>): string {
  const prefixes = ["135", "136", "137", "150", "151", "152", "158", "159", "186", "187", "188", "177"];
  for (;;) {
    const p = prefixes[Math.floor(rand() * prefixes.length)];
    const rest = String(Math.floor(rand() * 1e8)).padStart(8, "0");
    const phone = p + rest;
    if (!used.has(phone)) {
      used.add(phone);
      return phone;
    }
  }
}

/** A usable floor area: small two-room flats to large three-room ones, to the hundredth of a m². */
export function area(rand: () => number): string {
  const bands = [
    [52, 68],
    [68, 92],
    [88, 112],
    [110, 145],
  ];
  const [lo, hi] = bands[Math.floor(rand() * bands.length)];
  return (lo + rand() * (hi - lo)).toFixed(2);
}

export const DEMO_PASSWORD = "gongzhi2026";

export const DEMO_PLACES = {
  city: "示范市",
  district: "和平区",
  streets: [
    {
      name: "东湖街道",
      departments: ["城管科", "住建科", "民政科"],
      communities: [
        { name: "幸福里社区", compounds: ["幸福里小区", "锦绣花园"] },
        { name: "春晖社区", compounds: ["春晖家园", "枫林苑"] },
      ],
    },
    {
      name: "西岭街道",
      departments: ["城管科", "卫健科"],
      communities: [{ name: "西岭社区", compounds: ["西岭新村", "翠湖湾"] }],
    },
  ],
} as const;

/** The demo accounts, one for each role (listed in the README). */
export const DEMO_ACCOUNTS = {
  admin: { phone: "13800000000", name: "系统管理员" },
  coordinator: { phone: "13800000001", name: "李建华" },
  communityCoordinator: { phone: "13800000002", name: "周晓梅" },
  buildingLead: { phone: "13800000003", name: "陈国强" },
  communityStaff: { phone: "13800000004", name: "赵丽娟" },
  streetStaff: { phone: "13800000005", name: "孙志远" },
  departmentStaff: { phone: "13800000006", name: "吴海涛" },
  resident: { phone: "13900000001", name: "王芳" },
  tenant: { phone: "13900000002", name: "刘洋" },
  newcomer: { phone: "13900000003", name: "张敏" },
} as const;
