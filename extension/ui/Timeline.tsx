// The recorded events, oldest first, with time since the page started.
import { describeEvent } from "../session/describe";
import type { TimelineEntry } from "../session/events";

export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  let pageStart = entries[0]?.at ?? 0;
  return (
    <ol className="timeline" data-testid="timeline">
      {entries.map((entry, index) => {
        if (entry.event.kind === "navigation") pageStart = entry.at;
        return (
          <li key={entry.id ?? index} className={`event event-${entry.event.kind}`}>
            <time>+{Math.max(0, Math.round(entry.at - pageStart))} ms</time>{" "}
            {describeEvent(entry.event)}
          </li>
        );
      })}
    </ol>
  );
}
