import type { App } from "../http/route";
import { registerSignIn } from "./session.create";
import { registerSignOut } from "./session.delete";
import { registerGetSession } from "./session.get";

/** The dashboard's sign-in, its session and sign-out. */
export function registerSessionRoutes(app: App): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "DashboardSession", {
    type: "apiKey",
    in: "cookie",
    name: "selgeo_session",
    description:
      "The dashboard's session cookie (__Host-selgeo_session over https), with Selgeo-Mode: test|live naming the mode and X-CSRF-Token on every change.",
  });
  registerSignIn(app);
  registerGetSession(app);
  registerSignOut(app);
}
