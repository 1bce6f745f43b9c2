import { type FormEvent, useState } from "react";
import { ApiError } from "../api/client";
import { useSession } from "../state/session";

function reasonFor(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === "INVALID_CREDENTIALS") return "The e-mail address or the password is wrong.";
    if (error.code === "RATE_LIMITED") return error.message;
    if (error.code === "VALIDATION_ERROR") return "Enter your e-mail address and your password.";
  }
  return "Signing in failed. Check your connection and try again.";
}

export function SignInPage() {
  const { signIn } = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
    } catch (failure) {
      setError(reasonFor(failure));
      setPassword("");
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form
        className="sign-in-card"
        onSubmit={submit}
        aria-describedby={error ? "sign-in-error" : undefined}
      >
        <div className="sign-in-brand">
          <img src="/dashboard/favicon.svg" alt="" width="32" height="32" />
          <h1>Sign in to Selgeo</h1>
        </div>
        <label className="field">
          <span>E-mail</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {error && (
          <p id="sign-in-error" className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button-primary button-wide" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <p className="muted small">
          No account? An administrator creates one with{" "}
          <code>selgeo user create --merchant ID --email E</code>.
        </p>
      </form>
    </main>
  );
}
