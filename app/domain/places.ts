import { PLACE_KINDS, type PlaceKind } from "./words";

export { PLACE_KINDS };

/** The kind a child of a place of this kind must be (the hierarchy of DESIGN §3). */
export function childKind(kind: PlaceKind): PlaceKind | null {
  const i = PLACE_KINDS.indexOf(kind);
  return i >= 0 && i < PLACE_KINDS.length - 1 ? PLACE_KINDS[i + 1] : null;
}

export function isPlaceKind(value: unknown): value is PlaceKind {
  return typeof value === "string" && (PLACE_KINDS as readonly string[]).includes(value);
}

/** Whether `inner` (a path like "/1/4/9/") lies at or below `outer`. */
export function isWithin(innerPath: string, outerPath: string): boolean {
  return innerPath.startsWith(outerPath);
}

export function pathIds(path: string): number[] {
  return path.split("/").filter(Boolean).map(Number);
}

/** Departments hang under a street or a district. */
export function mayHoldDepartments(kind: PlaceKind): boolean {
  return kind === "street" || kind === "district";
}

/** Area in m² as typed (up to two decimals) to exact hundredths; null when malformed. */
export function parseAreaCenti(text: string): number | null {
  const m = /^\s*(\d{1,6})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const centi = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return centi > 0 ? centi : null;
}

export function formatArea(centi: number): string {
  return (centi / 100).toFixed(2);
}

/**
 * The places under a path as a range of paths ("/1/4/" ≤ path < "/1/4/~"): paths hold only digits and
 * slashes, which all sort below "~", so an index on the path finds them without reading every place.
 */
export function pathRange(prefix: string): [string, string] {
  return [prefix, `${prefix}~`];
}
