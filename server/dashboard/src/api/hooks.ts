// Reading and changing data through the API in the current mode, with TanStack Query: every
// query is keyed by mode and path, so a mode switch or a change made here refetches what it must.
import {
  keepPreviousData,
  type UseQueryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { useState } from "react";
import { useMode } from "../state/mode";
import { type CallOptions, call } from "./client";
import type { ListPage } from "./types";

type Query = CallOptions["query"];

export function useApi<T>(
  path: string,
  query?: Query,
  options: Partial<Pick<UseQueryOptions<T>, "refetchInterval" | "enabled" | "staleTime">> = {},
) {
  const { mode } = useMode();
  return useQuery<T>({
    queryKey: [mode, path, query ?? {}],
    queryFn: ({ signal }) => call<T>(path, { mode, query, signal }),
    placeholderData: keepPreviousData,
    ...options,
  });
}

/** A list read page by page with the API's cursor, newest first; Previous/Next move between pages. */
export function useCursorList<T extends { id: string }>(
  path: string,
  query: Query,
  options: { limit?: number; refetchInterval?: number | false } = {},
) {
  const [cursors, setCursors] = useState<string[]>([]);
  const [filterKey, setFilterKey] = useState(JSON.stringify(query));
  const currentKey = JSON.stringify(query);
  // New filters start again from the newest page.
  if (currentKey !== filterKey) {
    setFilterKey(currentKey);
    setCursors([]);
  }
  const startingAfter = cursors.at(-1);
  const page = useApi<ListPage<T>>(
    path,
    { ...query, limit: options.limit ?? 25, starting_after: startingAfter },
    // Only the newest page is kept live: older pages do not move under the reader.
    { refetchInterval: startingAfter === undefined ? (options.refetchInterval ?? false) : false },
  );
  const rows = page.data?.data ?? [];
  return {
    ...page,
    rows,
    pageNumber: cursors.length + 1,
    hasPrevious: cursors.length > 0,
    hasNext: page.data?.has_more ?? false,
    next: () => {
      const last = rows.at(-1);
      if (last) setCursors((stack) => [...stack, last.id]);
    },
    previous: () => setCursors((stack) => stack.slice(0, -1)),
    first: () => setCursors([]),
  };
}

/** A change through the API; on success every query of the mode is refreshed. */
export function useChange<Input, Output>(
  request: (input: Input) => {
    path: string;
    method: CallOptions["method"];
    body?: unknown;
    headers?: Record<string, string>;
  },
) {
  const { mode } = useMode();
  const client = useQueryClient();
  return useMutation<Output, Error, Input>({
    mutationFn: (input) => {
      const { path, method, body, headers } = request(input);
      return call<Output>(path, { method, mode, body, ...(headers ? { headers } : {}) });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: [mode] }),
  });
}
