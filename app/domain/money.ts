// Money in whole fen (分), never floating point: "12000" or "350.50" yuan in, "12,000.00" out. Pure.
const YUAN = /^(\d{1,10})(?:\.(\d{1,2}))?$/;

/** Yuan as typed (digits, optional . and one or two decimals) → fen; null when it is not such a number. */
export function parseYuan(input: string): number | null {
  const m = YUAN.exec(input.trim().replace(/[,，]/g, ""));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

export function budgetText(fen: number): string {
  const yuan = Math.floor(fen / 100);
  return `${yuan.toLocaleString("en-US")}.${String(fen % 100).padStart(2, "0")}`;
}
