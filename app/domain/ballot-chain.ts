// The published ballot list: each counted ballot (receipt hash and choice, no identity) chained to the one
// before it by a hash, so anyone can recompute the tally and see that nothing was changed, dropped or moved.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";

export interface ChainEntry {
  receiptHash: string;
  choice: string;
}

export function hashText(text: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(text)));
}

export function genesis(voteId: number): string {
  return hashText(`gongzhi-vote:${voteId}`);
}

/**
 * Entries in a fixed order (by receipt hash, so the order says nothing about who voted when), chained.
 * `hash` is SHA-256 of text as hex; the server passes Node's native one, which is much faster.
 */
export function buildChain(
  voteId: number,
  entries: readonly ChainEntry[],
  hash: (text: string) => string = hashText,
): (ChainEntry & { position: number; chainHash: string })[] {
  const sorted = [...entries].sort((a, b) => (a.receiptHash < b.receiptHash ? -1 : a.receiptHash > b.receiptHash ? 1 : 0));
  let prev = genesis(voteId);
  return sorted.map((e, i) => {
    prev = hash(`${prev}|${e.receiptHash}|${e.choice}`);
    return { ...e, position: i + 1, chainHash: prev };
  });
}

/**
 * Recomputes the chain: the first position where it breaks, or null when every link holds. With the
 * published head (the last chain hash), a list cut short at its end is caught too: position length + 1.
 */
export function verifyChain(voteId: number, entries: readonly (ChainEntry & { chainHash: string })[], head?: string | null): number | null {
  let prev = genesis(voteId);
  let lastReceipt = "";
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.receiptHash <= lastReceipt) return i + 1;
    prev = hashText(`${prev}|${e.receiptHash}|${e.choice}`);
    if (prev !== e.chainHash) return i + 1;
    lastReceipt = e.receiptHash;
  }
  if (head !== undefined && (entries.at(-1)?.chainHash ?? null) !== head) return entries.length + 1;
  return null;
}

/** A receipt code as typed ("ab12-cd34-ef56", any case) to its hash. */
export function receiptHashOf(code: string): string {
  return hashText(`receipt:${code.replace(/[\s-]/g, "").toUpperCase()}`);
}

/** A short number for a resolution: 2026-幸福里-003. */
export function resolutionNumber(year: number, compoundName: string, seq: number): string {
  const short = compoundName.replace(/小区$/, "") || compoundName;
  return `${year}-${short}-${String(seq).padStart(3, "0")}`;
}
