import { describe, expect, it } from "vitest";
import { codeFromBytes, formatCode, normalizeCode } from "~/domain/household-code";
import { isMainlandMobile, maskPhone, normalizePhone, phoneFor } from "~/domain/phone";
import { childKind, formatArea, isWithin, parseAreaCenti, pathIds } from "~/domain/places";
import { LOCK_MS, minutesLeft, signInLock } from "~/domain/throttle";

describe("phone numbers", () => {
  it.each([
    ["13812345678", true],
    ["19912345678", true],
    ["12812345678", false],
    ["1381234567", false],
    ["138123456789", false],
    ["23812345678", false],
    ["1381234567a", false],
    ["", false],
  ])("%s valid: %s", (phone, ok) => expect(isMainlandMobile(phone)).toBe(ok));

  it("normalises spaces, dashes, +86 and full-width digits", () => {
    expect(normalizePhone("+86 138-1234-5678")).toBe("13812345678");
    expect(normalizePhone("＋８６ １３８１２３４５６７８")).toBe("13812345678");
  });

  it("masks the middle four digits", () => expect(maskPhone("13812341234")).toBe("138****1234"));

  it("shows the whole number to the person and administrators only", () => {
    expect(phoneFor({ userId: 7, isAdmin: false }, 7, "13812341234")).toBe("13812341234");
    expect(phoneFor({ userId: 8, isAdmin: true }, 7, "13812341234")).toBe("13812341234");
    expect(phoneFor({ userId: 8, isAdmin: false }, 7, "13812341234")).toBe("138****1234");
    expect(phoneFor(null, 7, "13812341234")).toBe("138****1234");
  });
});

describe("sign-in throttling", () => {
  const t0 = Date.parse("2026-11-26T08:00:00Z");
  const min = 60_000;
  it.each([
    ["no failures", [], t0, false],
    ["four failures", [0, 1, 2, 3].map((i) => t0 + i * min), t0 + 4 * min, false],
    ["five failures within 15 minutes lock", [0, 1, 2, 3, 4].map((i) => t0 + i * min), t0 + 5 * min, true],
    ["still locked 14 minutes after the fifth", [0, 1, 2, 3, 4].map((i) => t0 + i * min), t0 + 4 * min + 14 * min, true],
    ["unlocked 15 minutes after the fifth", [0, 1, 2, 3, 4].map((i) => t0 + i * min), t0 + 4 * min + LOCK_MS, false],
    ["five failures spread over more than 15 minutes do not lock", [0, 4, 8, 12, 16].map((i) => t0 + i * min), t0 + 17 * min, false],
  ])("%s", (_name, failures, now, locked) => {
    expect(signInLock(failures, now).locked).toBe(locked);
  });

  it("says how many minutes remain, rounded up", () => {
    expect(minutesLeft(t0 + 90_000, t0)).toBe(2);
    expect(minutesLeft(t0, t0)).toBe(1);
  });
});

describe("household codes", () => {
  it("builds eight characters from the alphabet without look-alikes", () => {
    const code = codeFromBytes(new Uint8Array([0, 1, 2, 3, 31, 32, 33, 255]));
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(formatCode(code)).toBe(`${code.slice(0, 4)}-${code.slice(4)}`);
  });

  it.each([
    ["k7m4-qx9p", "K7M4QX9P"],
    [" K7M4 QX9P ", "K7M4QX9P"],
    ["K7M4QX9", null],
    ["K7M4QX9O", null],
    ["K7M4QX91", null],
    ["", null],
  ])("normalises %j", (input, out) => expect(normalizeCode(input)).toBe(out));
});

describe("places", () => {
  it("knows the next level down", () => {
    expect(childKind("city")).toBe("district");
    expect(childKind("compound")).toBe("building");
    expect(childKind("building")).toBeNull();
  });

  it("compares paths by prefix", () => {
    expect(isWithin("/1/2/3/", "/1/2/")).toBe(true);
    expect(isWithin("/1/22/", "/1/2/")).toBe(false);
    expect(pathIds("/1/22/3/")).toEqual([1, 22, 3]);
  });

  it.each([
    ["89.5", 8950],
    ["89.50", 8950],
    ["120", 12000],
    [" 63.07 ", 6307],
    ["0", null],
    ["-5", null],
    ["89.505", null],
    ["abc", null],
    ["1e3", null],
    ["", null],
  ])("area %j → %s hundredths", (text, centi) => expect(parseAreaCenti(text)).toBe(centi));

  it("formats hundredths back", () => expect(formatArea(8950)).toBe("89.50"));
});
