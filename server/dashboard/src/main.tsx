import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Router } from "wouter";
import { ApiError } from "./api/client";
import { App } from "./app";
import { ModeProvider } from "./state/mode";
import { SessionProvider } from "./state/session";
import "./styles.css";

const client = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      refetchOnWindowFocus: true,
      // A refusal (4xx) will not change by asking again; a network hiccup or a 503 may.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={client}>
        <ModeProvider>
          <SessionProvider>
            <Router base="/dashboard">
              <App />
            </Router>
          </SessionProvider>
        </ModeProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
