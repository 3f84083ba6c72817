import { describe, expect, it } from "vitest";
import { headerMatches, validateRoster } from "~/domain/roster";

const row = (line: number, cells: string) => ({ line, cells: cells.split(",") });

describe("roster validation", () => {
  it("accepts the header with a BOM and any case", () => {
    expect(headerMatches(["\uFEFFbuilding", "unit", "room", "AREA_M2", "owner_name", "owner_phone"])).toBe(true);
    expect(headerMatches(["building", "unit", "room"])).toBe(false);
  });

  it("accepts good rows and co-owners of one dwelling", () => {
    const { rows, errors } = validateRoster([row(2, "1号楼,1,101,89.50,张三,13812345678"), row(3, "1号楼,1,101,89.50,李四,13912345678")]);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.areaCenti)).toEqual([8950, 8950]);
  });

  it.each([
    ["empty building", ",1,101,89.5,张三,13812345678", "roster.badBuilding"],
    ["non-numeric area", "1号楼,1,101,八十九,张三,13812345678", "roster.badArea"],
    ["negative area", "1号楼,1,101,-3,张三,13812345678", "roster.badArea"],
    ["bad phone", "1号楼,1,101,89.5,张三,1381234", "roster.badPhone"],
    ["missing name", "1号楼,1,101,89.5,,13812345678", "roster.badName"],
    ["missing cells", "1号楼,1", "roster.badRoom"],
    ["an extra column", "1号楼,1,101,89.5,张三,13812345678,多余", "roster.extraColumns"],
  ])("refuses %s", (_n, cells, key) => {
    const { errors } = validateRoster([row(2, cells)]);
    expect(errors.map((e) => e.key)).toContain(key);
    expect(errors.every((e) => e.line === 2)).toBe(true);
  });

  it("refuses a duplicate row and names the first", () => {
    const { errors } = validateRoster([row(2, "1号楼,1,101,89.5,张三,13812345678"), row(3, "1号楼,1,101,89.5,张三,138 1234 5678")]);
    expect(errors).toEqual([{ line: 3, key: "roster.duplicate", vars: { line: 2 } }]);
  });

  it("refuses two areas for one dwelling", () => {
    const { errors } = validateRoster([row(2, "1号楼,1,101,89.5,张三,13812345678"), row(3, "1号楼,1,101,90,李四,13912345678")]);
    expect(errors).toEqual([{ line: 3, key: "roster.areaMismatch", vars: { line: 2 } }]);
  });
});
