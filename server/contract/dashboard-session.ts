// The headers a dashboard session sends besides its cookie, shared by the server's session check
// and the dashboard's API client. Pure: the browser bundle imports it.

/** Names the mode (`test` or `live`) a session works in, on every request. */
export const MODE_HEADER = "Selgeo-Mode";
/** Carries the session's CSRF token on every POST, PUT, PATCH and DELETE. */
export const CSRF_HEADER = "X-CSRF-Token";
