// Where the click lives between visits. localStorage holds the whole StoredClick because the
// snippet needs its ref, mode and policy on the next visit; a first-party cookie holds the bare
// id so the merchant's own server can read it too. Both end at expires_at.
import { CLICK_COOKIE_NAME, CLICK_STORAGE_KEY, isClickId, type StoredClick } from "./protocol";

/** A stored entry that is well-formed and not yet expired, whatever its mode. */
export function parseStoredClick(raw: string, now: number): StoredClick | null {
  try {
    const click = JSON.parse(raw) as StoredClick;
    if (
      isClickId(click.click_id) &&
      typeof click.ref === "string" &&
      typeof click.mode === "string" &&
      typeof click.attribution_model === "string" &&
      Date.parse(click.expires_at) > now
    ) {
      return click;
    }
  } catch {
    // Not JSON, or JSON null: someone else's value under our key. Treated as nothing stored.
  }
  return null;
}

export function clickCookie(click: StoredClick, secure: boolean): string {
  const expires = new Date(click.expires_at).toUTCString();
  return `${CLICK_COOKIE_NAME}=${click.click_id}; Expires=${expires}; Path=/; SameSite=Lax${
    secure ? "; Secure" : ""
  }`;
}

export function cookieValue(cookies: string, name: string): string | null {
  for (const pair of cookies.split(";")) {
    const at = pair.indexOf("=");
    if (pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return null;
}

/** The click this visitor already has for the key's mode, or null. */
export function loadClick(mode: string): StoredClick | null {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(CLICK_STORAGE_KEY);
  } catch {
    // Storage disabled (sandboxed frame, privacy settings): the cookie below may still work.
  }
  if (raw) {
    const click = parseStoredClick(raw, Date.now());
    if (!click) forgetClick();
    // A click of the other mode stays stored (it is still valid there) but is never used here:
    // its id could only produce MODE_MISMATCH conversions.
    return click?.mode === mode ? click : null;
  }
  // No entry at all (storage blocked or cleared by the visitor): the cookie still names a live
  // click, though not its ref or policy, so a new ref records a fresh click.
  let id: string | null = null;
  try {
    id = cookieValue(document.cookie, CLICK_COOKIE_NAME);
  } catch {
    // Cookies disabled as well.
  }
  return isClickId(id) ? { click_id: id, ref: "", mode, expires_at: "", attribution_model: "" } : null;
}

export function saveClick(click: StoredClick): void {
  try {
    localStorage.setItem(CLICK_STORAGE_KEY, JSON.stringify(click));
  } catch {
    // Full or disabled storage: the cookie alone still carries the id.
  }
  try {
    document.cookie = clickCookie(click, location.protocol === "https:");
  } catch {
    // Cookies disabled: the id still lives in memory for this page.
  }
}

function forgetClick(): void {
  try {
    localStorage.removeItem(CLICK_STORAGE_KEY);
  } catch {
    // Nothing to clean when storage is unavailable.
  }
}
