// Test or live: which data every view shows. Kept in localStorage so the choice survives a
// reload; every query is keyed by it, so switching refetches everything in the new mode.
import { createContext, type ReactNode, useCallback, useContext, useState } from "react";
import type { Mode } from "../api/types";

const STORAGE_KEY = "selgeo.mode";

function storedMode(): Mode {
  try {
    return localStorage.getItem(STORAGE_KEY) === "live" ? "live" : "test";
  } catch {
    return "test";
  }
}

const ModeContext = createContext<{ mode: Mode; setMode: (mode: Mode) => void } | null>(null);

export function ModeProvider({ children }: { children: ReactNode }) {
  const [mode, setState] = useState<Mode>(storedMode);
  const setMode = useCallback((next: Mode) => {
    setState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private windows may refuse storage: the choice then lasts until the reload.
    }
  }, []);
  return <ModeContext.Provider value={{ mode, setMode }}>{children}</ModeContext.Provider>;
}

export function useMode() {
  const value = useContext(ModeContext);
  if (!value) throw new Error("useMode outside ModeProvider");
  return value;
}
