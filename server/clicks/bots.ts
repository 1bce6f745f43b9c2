// Known bots and link previews (isbot's list) are answered without a click. Its pattern is one
// very large regular expression, the costliest single step of a click; visitors bring a few
// thousand distinct user agents between them, so each one's verdict is remembered.
import { isbot } from "isbot";
import { LRUCache } from "lru-cache";

const verdicts = new LRUCache<string, boolean>({ max: 10_000 });

export function isBotUserAgent(userAgent: string): boolean {
  let verdict = verdicts.get(userAgent);
  if (verdict === undefined) {
    verdict = isbot(userAgent);
    verdicts.set(userAgent, verdict);
  }
  return verdict;
}
