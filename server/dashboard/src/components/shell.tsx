// The frame of every signed-in page: navigation, the mode switch with its test-data banner, the
// theme and the account menu. A skip link leads keyboard users past the navigation.
import type { ReactNode } from "react";
import { Link, useRoute } from "wouter";
import { useMode } from "../state/mode";
import { useSession } from "../state/session";
import { type Theme, useTheme } from "../state/theme";

const NAV: Array<{ group?: string; items: Array<{ href: string; label: string }> }> = [
  {
    items: [
      { href: "/", label: "Overview" },
      { href: "/clicks", label: "Clicks" },
      { href: "/conversions", label: "Conversions" },
      { href: "/commissions", label: "Commissions" },
      { href: "/payouts", label: "Payouts" },
      { href: "/partners", label: "Partners" },
      { href: "/audit", label: "Attribution Audit Log" },
      { href: "/integration", label: "Integration" },
    ],
  },
  { group: "Programs", items: [{ href: "/programs", label: "Settings" }] },
  {
    group: "Settings",
    items: [
      { href: "/settings/keys", label: "API Keys" },
      { href: "/settings/stripe", label: "Stripe" },
      { href: "/settings/webhooks", label: "Webhooks" },
      { href: "/settings/origins", label: "Allowed origins" },
    ],
  },
];

function NavLink({ href, label }: { href: string; label: string }) {
  const [active] = useRoute(href);
  return (
    <Link href={href} className="nav-link" aria-current={active ? "page" : undefined}>
      {label}
    </Link>
  );
}

function ModeSwitch() {
  const { mode, setMode } = useMode();
  return (
    <fieldset className="mode-switch">
      <legend className="visually-hidden">Data mode</legend>
      {(["test", "live"] as const).map((value) => (
        <label key={value} className={mode === value ? "checked" : undefined}>
          <input
            type="radio"
            name="mode"
            value={value}
            checked={mode === value}
            onChange={() => setMode(value)}
          />
          {value === "test" ? "Test" : "Live"}
        </label>
      ))}
    </fieldset>
  );
}

function ThemeSelect() {
  const { theme, setTheme } = useTheme();
  return (
    <label className="theme-select">
      <span className="visually-hidden">Theme</span>
      <select value={theme} onChange={(event) => setTheme(event.target.value as Theme)}>
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const { session, signOut } = useSession();
  const { mode } = useMode();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {mode === "test" && (
        <div className="test-banner" role="status">
          <strong>Viewing test data</strong> — clicks, conversions and keys of test mode (pk_test_,
          sk_test_). Switch to Live to see production data.
        </div>
      )}
      <header className="topbar">
        <Link href="/" className="brand">
          <img src="/dashboard/favicon.svg" alt="" width="24" height="24" />
          <span>{session?.merchant.name ?? "Selgeo"}</span>
        </Link>
        <div className="topbar-controls">
          <ModeSwitch />
          <ThemeSelect />
          <details className="account">
            <summary>{session?.user.email}</summary>
            <div className="account-menu">
              <p className="muted">Merchant {session?.merchant.id}</p>
              <button type="button" className="button" onClick={() => void signOut()}>
                Sign out
              </button>
            </div>
          </details>
        </div>
      </header>
      <div className="frame">
        <nav className="sidebar" aria-label="Dashboard">
          {NAV.map((section) => (
            <div key={section.group ?? "main"} className="nav-section">
              {section.group && <p className="nav-group">{section.group}</p>}
              <ul>
                {section.items.map((item) => (
                  <li key={item.href}>
                    <NavLink {...item} />
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <div className="nav-section">
            <a className="nav-link" href="/docs">
              API reference
            </a>
          </div>
        </nav>
        <main id="main" className="content" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
