// The session cookie: HttpOnly (no script reads it), SameSite=Lax (other sites' forms and fetches
// do not carry it), Secure with the __Host- prefix whenever the dashboard is reached over https,
// directly or through a trusted proxy, or PUBLIC_URL is https.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { ABSOLUTE_MS } from "../sessions/repository";
import type { AppEnv } from "./env";

const PLAIN_NAME = "selgeo_session";
const SECURE_NAME = "__Host-selgeo_session";

function isHttps(c: Context<AppEnv>): boolean {
  const { publicUrl, trustProxy } = c.get("services");
  if (publicUrl?.startsWith("https:")) return true;
  if (trustProxy && c.req.header("x-forwarded-proto")?.split(",")[0]?.trim() === "https") {
    return true;
  }
  return new URL(c.req.url).protocol === "https:";
}

export function readSessionCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, SECURE_NAME) ?? getCookie(c, PLAIN_NAME);
}

export function writeSessionCookie(c: Context<AppEnv>, token: string): void {
  const secure = isHttps(c);
  setCookie(c, secure ? SECURE_NAME : PLAIN_NAME, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure,
    path: "/",
    maxAge: ABSOLUTE_MS / 1000,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  for (const name of [SECURE_NAME, PLAIN_NAME]) {
    if (getCookie(c, name) !== undefined) {
      deleteCookie(c, name, { path: "/", secure: name === SECURE_NAME });
    }
  }
}
