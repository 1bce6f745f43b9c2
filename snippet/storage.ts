// Where the click lives between visits: localStorage holds the whole StoredClick (the next visit
// needs its ref, mode and policy), a first-party cookie holds the bare id for the merchant's own
// server to read. Both end at expires_at.
import { attempt } from "./attempt";
import { CLICK_COOKIE_NAME, CLICK_STORAGE_KEY, isClickId, type StoredClick } from "./protocol";

/**
 * A StoredClick built from untrusted data (an API response, what localStorage held), or null.
 * Only the known fields are kept, and an unknown attribution model reads as last_click, the
 * documented default, so nothing odd can freeze a click in place.
 */
export function toStoredClick(value: unknown, ref: unknown): StoredClick | null {
  const click = value as StoredClick | null;
  return click &&
    isClickId(click.click_id) &&
    typeof ref === "string" &&
    typeof click.mode === "string" &&
    Date.parse(click.expires_at) > 0
    ? {
        click_id: click.click_id,
        ref,
        mode: click.mode,
        expires_at: click.expires_at,
        attribution_model: click.attribution_model === "first_click" ? "first_click" : "last_click",
      }
    : null;
}

/** A stored entry that is well-formed and not yet expired, whatever its mode. */
export function parseStoredClick(raw: string, now: number): StoredClick | null {
  try {
    const value = JSON.parse(raw);
    const click = toStoredClick(value, value.ref);
    return click && Date.parse(click.expires_at) > now ? click : null;
  } catch {
    // Not JSON, or JSON null: someone else's value under our key, i.e. nothing stored.
    return null;
  }
}

export function clickCookie(click: StoredClick, secure: boolean): string {
  return `${CLICK_COOKIE_NAME}=${click.click_id}; Expires=${new Date(
    click.expires_at,
  ).toUTCString()}; Path=/; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/**
 * The click this visitor already has for the key's mode, or null. localStorage is the source of
 * truth; the cookie is a copy for the merchant's server, never read back (it lacks the ref and
 * policy a decision needs).
 */
export function loadClick(mode: string): StoredClick | null {
  const raw = attempt(() => localStorage.getItem(CLICK_STORAGE_KEY));
  const click = raw ? parseStoredClick(raw, Date.now()) : null;
  if (raw && !click) attempt(() => localStorage.removeItem(CLICK_STORAGE_KEY));
  // A click of the other mode stays stored (it is valid there) but is not used with this key:
  // its id could only produce MODE_MISMATCH conversions.
  return click && click.mode === mode ? click : null;
}

export function saveClick(click: StoredClick): void {
  // Each copy is written on its own: either one alone still carries the id.
  attempt(() => localStorage.setItem(CLICK_STORAGE_KEY, JSON.stringify(click)));
  attempt(() => {
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing in Firefox and Safari < 18.4, and is async.
    document.cookie = clickCookie(click, location.protocol === "https:");
  });
}
