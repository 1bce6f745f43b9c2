import { useEffect } from "react";

/** Each page names itself in the tab and to screen readers arriving on it. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Selgeo`;
  }, [title]);
}
