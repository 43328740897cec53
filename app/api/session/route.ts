// proxy.ts issues the session cookie (limited per address) before this runs;
// this call exists for API clients that do not load a page first.
export function POST() {
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}
