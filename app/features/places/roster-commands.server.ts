// Import a compound's roster from CSV: validate every row first, then write all of it or nothing.
import { parse } from "csv-parse/sync";
import { type DB, getDb, transaction } from "~/db.server";
import type { Actor } from "~/domain/permissions";
import { type RosterError, headerMatches, validateRoster } from "~/domain/roster";
import { appendAudit } from "~/features/audit/queries.server";
import { findDwellingInBuilding, insertDwelling, removeOwnersNotListed, setDwellingArea, upsertOwner } from "~/features/places/dwelling-queries.server";
import { childrenByName, getPlace, insertPlace } from "~/features/places/queries.server";
import { ownersNoLongerListed } from "~/features/residency/queries.server";
import { actorId, authorize, fail } from "~/features/errors";

export const ROSTER_MAX_BYTES = 5 * 1024 * 1024;

export type RosterResult =
  /** `notes`: what the import changed that someone should know of, row by row (ownership transfers, 过户). */
  { ok: true; created: number; updated: number; owners: number; rows: number; notes: RosterError[] } | { ok: false; errors: RosterError[] };

export type Progress = (done: number, total: number) => void;

/**
 * A roster file's bytes as text. Excel on Chinese Windows saves CSV in GB18030 (GBK), not UTF-8: a file
 * that is not valid UTF-8 is read as GB18030, so names arrive as written rather than garbled.
 */
export function decodeRoster(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

export function parseRosterCsv(text: string): { ok: true; records: { line: number; cells: string[] }[] } | { ok: false; errors: RosterError[] } {
  let table: { record: string[]; info: { lines: number } }[];
  try {
    // A NUL character is no text anyone typed, and PostgreSQL refuses it in a text column: it goes, as in forms.
    table = parse(text.replaceAll("\u0000", ""), { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as never;
  } catch (e) {
    const line = e && typeof e === "object" && "lines" in e ? Number((e as { lines: number }).lines) : 0;
    return { ok: false, errors: [{ line, key: "roster.malformed" }] };
  }
  if (table.length === 0 || !headerMatches(table[0].record)) return { ok: false, errors: [{ line: 1, key: "roster.header" }] };
  const records = table.slice(1).map((r) => ({ line: r.info.lines, cells: r.record }));
  if (records.length === 0) return { ok: false, errors: [{ line: 0, key: "roster.empty" }] };
  return { ok: true, records };
}

export async function importRoster(actor: Actor, input: { compoundId: number; csv: string }, now: Date, onProgress?: Progress): Promise<RosterResult> {
  const compound = await getPlace(getDb(), input.compoundId);
  if (!compound || compound.kind !== "compound") fail(404, "error.notFound");
  authorize(actor, "roster.import", compound);
  if (Buffer.byteLength(input.csv) > ROSTER_MAX_BYTES) fail(413, "roster.tooBig");
  const parsed = parseRosterCsv(input.csv);
  if (!parsed.ok) return parsed;
  const { rows, errors } = validateRoster(parsed.records);
  if (errors.length > 0) return { ok: false, errors };

  const at = now.toISOString();
  return transaction(async (trx) => {
    const buildings = await childrenByName(trx, compound.id);
    let created = 0;
    let updated = 0;
    let owners = 0;
    const seenDwellings = new Set<number>();
    // The owners the file lists for each of its dwellings, and the first line naming the dwelling.
    const listed = new Map<number, { line: number; address: string; phones: Set<string> }>();
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      let building = buildings.get(row.building);
      if (!building) {
        const b = await insertPlace(trx, { kind: "building", name: row.building, parent: compound, at });
        building = { id: b.id, name: row.building, path: b.path };
        buildings.set(row.building, building);
      }
      const existing = await findDwellingInBuilding(trx, building.id, row.unit, row.room);
      let dwellingId: number;
      if (existing) {
        dwellingId = existing.id;
        if (existing.area_centi !== row.areaCenti) {
          await setDwellingArea(trx, existing.id, row.areaCenti);
          if (!seenDwellings.has(existing.id)) updated++;
        }
      } else {
        dwellingId = await insertDwelling(trx, {
          buildingId: building.id,
          compoundId: compound.id,
          unit: row.unit,
          room: row.room,
          areaCenti: row.areaCenti,
          at,
        });
        created++;
      }
      seenDwellings.add(dwellingId);
      const entry = listed.get(dwellingId) ?? { line: row.line, address: `${row.building} ${row.unit}-${row.room}`, phones: new Set<string>() };
      entry.phones.add(row.ownerPhone);
      listed.set(dwellingId, entry);
      if (await upsertOwner(trx, { dwellingId, name: row.ownerName, phone: row.ownerPhone, at })) owners++;
      if (onProgress && (i % 200 === 199 || i === rows.length - 1)) onProgress(i + 1, rows.length);
    }
    const notes = await transferOwnership(trx, listed);
    await appendAudit(trx, {
      actorId: actorId(actor),
      action: "roster.import",
      entityType: "place",
      entityId: compound.id,
      placeId: compound.id,
      data: { rows: rows.length, created, updated, owners, transfers: notes.length },
      at,
    });
    return { ok: true as const, created, updated, owners, rows: rows.length, notes };
  });
}

/**
 * Ownership transfers (过户): for each dwelling in the file, the owners the file lists are its owners. An owner
 * the roster had and the file no longer lists is removed; where the owners changed so, whoever was verified
 * as an owner of the dwelling and is not among the listed owners stops being its owner, and their residency
 * stays, as a family member (the coordinator ends it if they have moved out). Votes already open are not
 * touched: their electorate was frozen at opening.
 */
async function transferOwnership(trx: DB, listed: Map<number, { line: number; address: string; phones: Set<string> }>): Promise<RosterError[]> {
  const notes: RosterError[] = [];
  for (const [dwellingId, { line, address, phones }] of listed) {
    const gone = await removeOwnersNotListed(trx, dwellingId, [...phones]);
    if (gone.length === 0) continue;
    for (const o of gone) notes.push({ line, key: "roster.ownerRemoved", vars: { address, name: o.name } });
    const former = await ownersNoLongerListed(trx, dwellingId, [...phones]);
    for (const r of former) notes.push({ line, key: "roster.ownerNowFamily", vars: { address, name: r.name } });
  }
  return notes;
}
