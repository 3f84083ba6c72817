/** A mainland China mobile number: 1, then 3–9, then nine digits. */
export const MOBILE_RE = /^1[3-9]\d{9}$/;

export function normalizePhone(input: string): string {
  // A Chinese keyboard may type full-width digits (１３８…) and a full-width plus.
  const ascii = input.replace(/[\uff10-\uff19\uff0b]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return ascii.replace(/[\s-]/g, "").replace(/^\+?86/, "");
}

export function isMainlandMobile(phone: string): boolean {
  return MOBILE_RE.test(phone);
}

export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : "****";
}

/** The person themself and administrators see the whole number; everyone else a masked one. */
export function phoneFor(viewer: { userId: number; isAdmin: boolean } | null, ownerId: number | null, phone: string) {
  if (viewer && (viewer.isAdmin || viewer.userId === ownerId)) return phone;
  return maskPhone(phone);
}
