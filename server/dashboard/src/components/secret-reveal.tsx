// A secret the server shows once (a new API key, a webhook endpoint's signing secret): in a
// dialog, with why it matters, a Copy button and Done. Closing it is the last chance to see it.
import type { ReactNode } from "react";
import { CopyButton } from "./bits";
import { Dialog, DoneAction } from "./dialog";

export function SecretReveal({
  title,
  secret,
  onClose,
  children,
}: {
  title: string;
  /** null: nothing to show, the dialog is closed. */
  secret: string | null;
  onClose: () => void;
  /** What the secret is for, and that it is shown only this once. */
  children: ReactNode;
}) {
  return (
    <Dialog open={secret !== null} title={title} onClose={onClose}>
      {secret !== null && (
        <>
          <p>{children}</p>
          <div className="key-reveal">
            <code>{secret}</code>
            <CopyButton text={secret} />
          </div>
          <DoneAction onDone={onClose} />
        </>
      )}
    </Dialog>
  );
}
