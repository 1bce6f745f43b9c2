// Who may ask the background what. Content scripts run in every page (and so within reach of a
// compromised renderer): they may only report what they observe. Sessions, bundles and the
// tab list are answered to the extension's own pages — panel, popup, the doctor's control page.

export interface Sender {
  /** The URL of the frame or extension page that sent the message. */
  url?: string | undefined;
}

export function mayRead(sender: Sender, extensionBaseUrl: string): boolean {
  return sender.url?.startsWith(extensionBaseUrl) ?? false;
}
