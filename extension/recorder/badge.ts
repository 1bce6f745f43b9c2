// The toolbar badge for a page's health: a glance tells whether the panel is worth opening.
import type { PageStatus } from "../diagnosis/status";

export interface Badge {
  text: string;
  color: string;
}

export function badgeFor(health: PageStatus["health"]): Badge {
  switch (health) {
    case "error":
      return { text: "!", color: "#d93025" };
    case "warning":
      return { text: "!", color: "#f29900" };
    case "ok":
      return { text: "ok", color: "#188038" };
    default:
      return { text: "", color: "#5f6368" };
  }
}
