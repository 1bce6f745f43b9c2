// Who is signed in. The session itself lives on the server (an HttpOnly cookie the page cannot
// read); the dashboard asks GET /api/v1/session and keeps the CSRF token it answers with.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect } from "react";
import { ApiError, call, rememberCsrfToken, whenSignedOut } from "../api/client";
import type { Session } from "../api/types";

interface SessionState {
  session: Session | null;
  loading: boolean;
  error: Error | null;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);
const SESSION_KEY = ["session"];

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      try {
        return await call<Session>("/api/v1/session");
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const session = query.data ?? null;
  rememberCsrfToken(session?.csrf_token);

  /** Drops every cached answer but the session's own, which the mounted app is watching. */
  const dropData = useCallback(
    () => client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] }),
    [client],
  );
  const forget = useCallback(() => {
    rememberCsrfToken(undefined);
    dropData();
    client.setQueryData(SESSION_KEY, null);
  }, [client, dropData]);
  useEffect(() => whenSignedOut(forget), [forget]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const signedIn = await call<Session>("/api/v1/session", {
        method: "POST",
        body: { email, password },
      });
      rememberCsrfToken(signedIn.csrf_token);
      dropData();
      client.setQueryData(SESSION_KEY, signedIn);
    },
    [client, dropData],
  );
  const signOut = useCallback(async () => {
    try {
      await call("/api/v1/session", { method: "DELETE" });
    } finally {
      forget();
    }
  }, [forget]);

  return (
    <SessionContext.Provider
      value={{ session, loading: query.isPending, error: query.error, signIn, signOut }}
    >
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}
