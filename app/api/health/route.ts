// Liveness for load balancers and the test harness: the process answers.
export function GET() {
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
