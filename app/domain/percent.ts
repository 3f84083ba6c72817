// Percentages as people read them: one decimal, rounded half up (2/3 → 66.7, 1/16 → 6.3), computed in whole
// tenths so that no floating-point error lands on the wrong side of a half. Used by every page and export.

/** numerator / denominator as a percent with one decimal, rounded half up; null when the denominator is 0. */
export function percentOf(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return Math.floor((numerator * 2000 + denominator) / (2 * denominator)) / 10;
}
