// The dashboard: sign-in until a session exists, then the shell and its pages, routed in the
// browser under /dashboard.
import type { ReactElement } from "react";
import { Route, Switch } from "wouter";
import { Shell } from "./components/shell";
import { Empty, ErrorState, Loading } from "./components/states";
import { ApiKeysPage } from "./pages/api-keys";
import { AuditPage } from "./pages/audit";
import { ClicksPage } from "./pages/clicks";
import { CommissionsPage } from "./pages/commissions";
import { ConversionsPage } from "./pages/conversions";
import { IntegrationPage } from "./pages/integration";
import { OriginsPage } from "./pages/origins";
import { OverviewPage } from "./pages/overview";
import { PartnersPage } from "./pages/partners";
import { PayoutsPage } from "./pages/payouts";
import { ProgramsPage } from "./pages/programs";
import { SignInPage } from "./pages/sign-in";
import { StripePage } from "./pages/stripe";
import { WebhooksPage } from "./pages/webhooks";
import { useSession } from "./state/session";
import { useTitle } from "./state/title";

const ROUTES: Array<{ path: string; title: string; page: () => ReactElement }> = [
  { path: "/", title: "Overview", page: OverviewPage },
  { path: "/clicks", title: "Clicks", page: ClicksPage },
  { path: "/conversions", title: "Conversions", page: ConversionsPage },
  { path: "/commissions", title: "Commissions", page: CommissionsPage },
  { path: "/payouts", title: "Payouts", page: PayoutsPage },
  { path: "/partners", title: "Partners", page: PartnersPage },
  { path: "/programs", title: "Programs › Settings", page: ProgramsPage },
  { path: "/audit", title: "Attribution Audit Log", page: AuditPage },
  { path: "/integration", title: "Integration", page: IntegrationPage },
  { path: "/settings/keys", title: "Settings › API Keys", page: ApiKeysPage },
  { path: "/settings/stripe", title: "Settings › Stripe", page: StripePage },
  { path: "/settings/webhooks", title: "Settings › Webhooks", page: WebhooksPage },
  { path: "/settings/origins", title: "Settings › Allowed origins", page: OriginsPage },
];

function Titled({ title, page: Page }: { title: string; page: () => ReactElement }) {
  useTitle(title);
  return <Page />;
}

export function App() {
  const { session, loading, error } = useSession();
  if (loading) return <Loading label="Opening the dashboard…" />;
  if (error) return <ErrorState error={error} retry={() => window.location.reload()} />;
  if (!session) return <SignInTitled />;
  return (
    <Shell>
      <Switch>
        {ROUTES.map((route) => (
          <Route key={route.path} path={route.path}>
            <Titled title={route.title} page={route.page} />
          </Route>
        ))}
        <Route>
          <Empty title="There is no such page.">Pick a page in the navigation.</Empty>
        </Route>
      </Switch>
    </Shell>
  );
}

function SignInTitled() {
  useTitle("Sign in");
  return <SignInPage />;
}
