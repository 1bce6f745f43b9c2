// Where the click lives between visits, until expires_at: localStorage holds the StoredClick (the
// next visit needs its ref, mode and policy); the cookie `selgeo_click_id` holds the bare id for
// the merchant's own server, and `selgeo_click` the same StoredClick, so the click survives a
// visitor (or a privacy setting) that blocks, fills or clears localStorage.
import { attempt } from "./attempt";
import {
  CLICK_COOKIE_NAME,
  CLICK_ENTRY_COOKIE_NAME,
  CLICK_STORAGE_KEY,
  isClickId,
  type StoredClick,
} from "./protocol";

/**
 * A StoredClick built from untrusted data (an API response, what localStorage held), or null.
 * Only the known fields are kept, and an unknown attribution model reads as last_click, the
 * documented default, so nothing odd can freeze a click in place. Null too at or after
 * expires_at when `now` is given.
 */
export function toStoredClick(value: unknown, ref: unknown, now = 0): StoredClick | null {
  const click = value as StoredClick | null;
  return click &&
    isClickId(click.click_id) &&
    typeof ref === "string" &&
    typeof click.mode === "string" &&
    Date.parse(click.expires_at) > now
    ? {
        click_id: click.click_id,
        ref,
        mode: click.mode,
        expires_at: click.expires_at,
        attribution_model: click.attribution_model === "first_click" ? "first_click" : "last_click",
      }
    : null;
}

/**
 * A stored entry that is well-formed and not yet expired, whatever its mode. It is read as it
 * was written (saveClick stores what toStoredClick built), not rebuilt: the check is what keeps
 * anything odd out, and it costs less of the size budget.
 */
export function parseStoredClick(raw: string, now: number): StoredClick | null {
  // Not JSON, or JSON null (someone else's value under our key): nothing stored.
  return (
    attempt(() => {
      const click = JSON.parse(raw);
      return isClickId(click.click_id) &&
        typeof click.ref === "string" &&
        typeof click.mode === "string" &&
        Date.parse(click.expires_at) > now
        ? click
        : null;
    }) || null
  );
}

/**
 * The two cookies of a click, both first-party, Lax, ending at expires_at: the bare id, then the
 * whole entry as URI-encoded JSON (only cookie-safe characters: no `;`, `,`, space or quote).
 */
export function clickCookies(click: StoredClick, secure: boolean): string[] {
  const attributes = `; Expires=${new Date(click.expires_at).toUTCString()}; Path=/; SameSite=Lax${
    secure ? "; Secure" : ""
  }`;
  return [
    `${CLICK_COOKIE_NAME}=${click.click_id}${attributes}`,
    `${CLICK_ENTRY_COOKIE_NAME}=${encodeURIComponent(JSON.stringify(click))}${attributes}`,
  ];
}

/**
 * The click in a `document.cookie` string: the `selgeo_click` entry, trusted only while
 * `selgeo_click_id` still names the same click (so whoever deletes or replaces the id cookie, the
 * merchant's server or a "forget me" button, also ends the click).
 */
export function cookieClick(cookies: string, now: number): StoredClick | null {
  const read = (name: string) =>
    decodeURIComponent((cookies.match(`(^|; )${name}=([^;]*)`) || [])[2] || "");
  const click = parseStoredClick(read(CLICK_ENTRY_COOKIE_NAME), now);
  return click && click.click_id === read(CLICK_COOKIE_NAME) ? click : null;
}

/**
 * The click this visitor already has for the key's mode, or null. localStorage first; when it
 * has no entry (blocked, full, cleared by the visitor or a privacy tool), the cookies.
 */
export function loadClick(mode: string): StoredClick | null {
  const now = Date.now();
  // An expired or foreign entry is left as is: the next saveClick replaces it.
  const click =
    attempt(() => parseStoredClick(localStorage.getItem(CLICK_STORAGE_KEY) as string, now)) ||
    attempt(() => cookieClick(document.cookie, now));
  // A click of the other mode stays stored (it is valid there) but is not used with this key:
  // its id could only produce MODE_MISMATCH conversions.
  return click && click.mode === mode ? click : null;
}

export function saveClick(click: StoredClick): void {
  // Removed first: if the write fails (storage full), no older click is left to outvote the
  // cookies, which then carry the new one.
  attempt(() => {
    localStorage.removeItem(CLICK_STORAGE_KEY);
    localStorage.setItem(CLICK_STORAGE_KEY, JSON.stringify(click));
  });
  attempt(() => {
    for (const cookie of clickCookies(click, location.protocol === "https:")) {
      // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing in Firefox and Safari < 18.4, and is async.
      document.cookie = cookie;
    }
  });
}

/**
 * Puts the failed-click stand-in (server/contract/failed-click.ts) in the id cookie for the
 * merchant's server, for this browser session: the older click's id must not stay there as
 * if it were current. The stored click entry stays; saveClick replaces both once the click lands.
 */
export function saveMarker(marker: string): void {
  attempt(() => {
    // biome-ignore lint/suspicious/noDocumentCookie: as in saveClick.
    document.cookie = `${CLICK_COOKIE_NAME}=${marker}; Path=/; SameSite=Lax`;
  });
}
