// The background's side of live updates: which extension pages (panel, popup) watch which tab,
// and pushing them a fresh session view whenever the recorder says that tab changed. Browser
// ports are passed in, so the bookkeeping is tested without a browser.
import type { SessionView } from "../session/view";
import type { SessionPush } from "./api";

export interface LivePort {
  postMessage(message: SessionPush): void;
}

interface Subscription {
  tabId: number;
  preserveLog: boolean;
}

export class LiveSessions {
  private readonly subscriptions = new Map<LivePort, Subscription>();

  constructor(
    private readonly read: (tabId: number, preserveLog: boolean) => Promise<SessionView>,
  ) {}

  /** Starts (or changes) what a port watches and sends it the session as it is now. */
  async subscribe(port: LivePort, subscription: Subscription): Promise<void> {
    this.subscriptions.set(port, subscription);
    await this.send(port, subscription);
  }

  unsubscribe(port: LivePort): void {
    this.subscriptions.delete(port);
  }

  /** The tab's session changed; `view` is its current-page view, already computed. */
  async changed(tabId: number, view?: SessionView): Promise<void> {
    const sends: Promise<void>[] = [];
    for (const [port, subscription] of this.subscriptions) {
      if (subscription.tabId !== tabId) continue;
      sends.push(
        view && !subscription.preserveLog
          ? Promise.resolve(this.post(port, view))
          : this.send(port, subscription),
      );
    }
    await Promise.all(sends);
  }

  get size(): number {
    return this.subscriptions.size;
  }

  private async send(port: LivePort, subscription: Subscription): Promise<void> {
    const view = await this.read(subscription.tabId, subscription.preserveLog);
    // The page may have gone, or switched tabs, while the view was read.
    if (this.subscriptions.get(port) === subscription) this.post(port, view);
  }

  private post(port: LivePort, view: SessionView): void {
    try {
      port.postMessage({ type: "selgeo:session", view });
    } catch {
      // A port whose page closed throws: it is forgotten on its disconnect event.
      this.subscriptions.delete(port);
    }
  }
}
