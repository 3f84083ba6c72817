// Validation of a compound's roster, row by row, before anything is written.
import type { MessageKey, Vars } from "~/i18n";
import { isMainlandMobile, normalizePhone } from "./phone";
import { parseAreaCenti } from "./places";

export const ROSTER_HEADER = ["building", "unit", "room", "area_m2", "owner_name", "owner_phone"] as const;

export interface RosterRow {
  line: number;
  building: string;
  unit: string;
  room: string;
  areaCenti: number;
  ownerName: string;
  ownerPhone: string;
}

export interface RosterError {
  line: number;
  key: MessageKey;
  vars?: Vars;
}

export function headerMatches(header: readonly string[]): boolean {
  const h = header.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, "") : c).trim().toLowerCase());
  return h.length === ROSTER_HEADER.length && ROSTER_HEADER.every((name, i) => h[i] === name);
}

/** `records` are the data rows (header excluded), each with its line number in the file. */
export function validateRoster(records: readonly { line: number; cells: readonly string[] }[]) {
  const rows: RosterRow[] = [];
  const errors: RosterError[] = [];
  const byOwner = new Map<string, number>();
  const byAddress = new Map<string, { line: number; areaCenti: number }>();
  for (const { line, cells } of records) {
    const [building = "", unit = "", room = "", area = "", name = "", phoneRaw = ""] = cells.map((c) => c.trim());
    const phone = normalizePhone(phoneRaw);
    const areaCenti = parseAreaCenti(area);
    const rowErrors: RosterError[] = [];
    if (cells.length > ROSTER_HEADER.length && cells.slice(ROSTER_HEADER.length).some((c) => c.trim() !== ""))
      rowErrors.push({ line, key: "roster.extraColumns" });
    if (!building || building.length > 20) rowErrors.push({ line, key: "roster.badBuilding" });
    if (!unit || unit.length > 10) rowErrors.push({ line, key: "roster.badUnit" });
    if (!room || room.length > 10) rowErrors.push({ line, key: "roster.badRoom" });
    if (areaCenti === null) rowErrors.push({ line, key: "roster.badArea", vars: { value: area } });
    if (!name || name.length > 40) rowErrors.push({ line, key: "roster.badName" });
    if (!isMainlandMobile(phone)) rowErrors.push({ line, key: "roster.badPhone", vars: { value: phoneRaw } });
    if (rowErrors.length === 0 && areaCenti !== null) {
      const address = JSON.stringify([building, unit, room]);
      const ownerKey = `${address}|${phone}`;
      const sameOwner = byOwner.get(ownerKey);
      const sameAddress = byAddress.get(address);
      if (sameOwner !== undefined) rowErrors.push({ line, key: "roster.duplicate", vars: { line: sameOwner } });
      else if (sameAddress && sameAddress.areaCenti !== areaCenti) rowErrors.push({ line, key: "roster.areaMismatch", vars: { line: sameAddress.line } });
      else {
        byOwner.set(ownerKey, line);
        if (!sameAddress) byAddress.set(address, { line, areaCenti });
        rows.push({ line, building, unit, room, areaCenti, ownerName: name, ownerPhone: phone });
      }
    }
    errors.push(...rowErrors);
  }
  return { rows, errors };
}
