// Light, dark, or as the system says; the choice is kept in localStorage and applied as a
// data-theme attribute the stylesheet reads.
import { useCallback, useEffect, useState } from "react";

export type Theme = "system" | "light" | "dark";
const STORAGE_KEY = "selgeo.theme";

function stored(): Theme {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

function apply(theme: Theme): void {
  if (theme === "system") document.documentElement.removeAttribute("data-theme");
  else document.documentElement.setAttribute("data-theme", theme);
}

apply(stored());

/** Whether the page is dark now (the chart needs real colours, not CSS variables). */
function isDark(): boolean {
  const explicit = document.documentElement.getAttribute("data-theme");
  if (explicit) return explicit === "dark";
  return window.matchMedia("(prefers-color-scheme: dark)").matches;
}

export function useTheme() {
  const [theme, setState] = useState<Theme>(stored);
  useEffect(() => apply(theme), [theme]);
  const setTheme = useCallback((next: Theme) => {
    setState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not kept across reloads then.
    }
  }, []);
  return { theme, setTheme };
}

/** Re-renders when the page turns dark or light, whether by the toggle or by the system. */
export function useDarkMode(): boolean {
  const [dark, setDark] = useState(isDark);
  useEffect(() => {
    const update = () => setDark(isDark());
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    media.addEventListener("change", update);
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["data-theme"],
    });
    return () => {
      media.removeEventListener("change", update);
      observer.disconnect();
    };
  }, []);
  return dark;
}
