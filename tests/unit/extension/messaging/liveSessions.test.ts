// The background pushes a tab's session to the pages that watch it: at subscription, and after
// each change; never to pages watching another tab or that left.
import { describe, expect, it } from "vitest";
import type { SessionPush } from "../../../../extension/messaging/api";
import { LiveSessions } from "../../../../extension/messaging/liveSessions";
import type { SessionView } from "../../../../extension/session/view";

const view = (tabId: number, preserveLog: boolean, tag: string) =>
  ({ tabId, preserveLog, page: { url: tag } }) as unknown as SessionView;

function port() {
  const received: SessionPush[] = [];
  return { received, postMessage: (m: SessionPush) => received.push(m) };
}

describe("LiveSessions", () => {
  it("sends the current view on subscribe, then each change of the watched tab only", async () => {
    let version = 0;
    const live = new LiveSessions(async (tabId, preserveLog) =>
      view(tabId, preserveLog, `v${version}`),
    );
    const a = port();
    const b = port();
    await live.subscribe(a, { tabId: 1, preserveLog: false });
    await live.subscribe(b, { tabId: 2, preserveLog: false });
    version = 1;
    await live.changed(1, view(1, false, "pushed"));
    expect(a.received.map((m) => m.view.page?.url)).toEqual(["v0", "pushed"]);
    expect(b.received.map((m) => m.view.page?.url)).toEqual(["v0"]);
  });

  it("reads the all-pages view for a Preserve log subscriber instead of the pushed one", async () => {
    const reads: boolean[] = [];
    const live = new LiveSessions(async (tabId, preserveLog) => {
      reads.push(preserveLog);
      return view(tabId, preserveLog, "read");
    });
    const a = port();
    await live.subscribe(a, { tabId: 1, preserveLog: true });
    await live.changed(1, view(1, false, "current page only"));
    expect(a.received.map((m) => [m.view.preserveLog, m.view.page?.url])).toEqual([
      [true, "read"],
      [true, "read"],
    ]);
    expect(reads).toEqual([true, true]);
  });

  it("forgets a page that unsubscribed or whose port throws", async () => {
    const live = new LiveSessions(async (tabId) => view(tabId, false, "x"));
    const gone = port();
    const broken = {
      postMessage: () => {
        throw new Error("Attempting to use a disconnected port object");
      },
    };
    await live.subscribe(gone, { tabId: 1, preserveLog: false });
    await live.subscribe(broken, { tabId: 1, preserveLog: false });
    live.unsubscribe(gone);
    await live.changed(1, view(1, false, "y"));
    expect(gone.received).toHaveLength(1);
    expect(live.size).toBe(0);
  });
});
