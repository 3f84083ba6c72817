// The hashes of the ballot secrecy: where a choice is kept while the vote is open, and the published chain.
import { createHash } from "node:crypto";

/** SHA-256 of text as hex, native (the same function as the domain's pure one, many times faster). */
export const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

/** Where an elector's choice is kept: a hash of the vote's secret salt and the elector (erased on closing). */
export const slotOf = (salt: string, electorId: number) => sha256Hex(`${salt}:${electorId}`);
