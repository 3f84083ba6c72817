// Which device and browser a session was opened on, read from its User-Agent, for the sessions page.
export type DeviceOs = "harmony" | "iphone" | "ipad" | "android" | "windows" | "mac" | "linux" | "other";
export type DeviceBrowser = "wechat" | "alipay" | "edge" | "firefox" | "chrome" | "safari" | "other";

const OS: [RegExp, DeviceOs][] = [
  [/HarmonyOS|OpenHarmony/i, "harmony"],
  [/iPhone|iPod/, "iphone"],
  [/iPad/, "ipad"],
  [/Android/i, "android"],
  [/Windows/i, "windows"],
  [/Macintosh|Mac OS X/, "mac"],
  [/Linux|X11|CrOS/, "linux"],
];

const BROWSER: [RegExp, DeviceBrowser][] = [
  [/MicroMessenger/i, "wechat"],
  [/AlipayClient/i, "alipay"],
  [/Edg(e|A|iOS)?\//, "edge"],
  [/Firefox\/|FxiOS/, "firefox"],
  [/Chrome\/|CriOS|Chromium/, "chrome"],
  [/Safari\//, "safari"],
];

export function describeDevice(userAgent: string | null): { os: DeviceOs; browser: DeviceBrowser } {
  const ua = userAgent ?? "";
  return {
    os: OS.find(([re]) => re.test(ua))?.[1] ?? "other",
    browser: BROWSER.find(([re]) => re.test(ua))?.[1] ?? "other",
  };
}
