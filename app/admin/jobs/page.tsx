import { OperatorConsole } from "@/components/admin/operator-console";
import { getStats } from "@/lib/server/admin/get-stats";
import { listJobs } from "@/lib/server/admin/list-jobs";
import { listWorkers } from "@/lib/server/fleet/list-workers";

// proxy.ts refuses this page without the admin credential.
export const metadata = { title: "Operator console — Reelmaker admin" };
export const dynamic = "force-dynamic";

export default async function AdminJobsPage() {
  const [stats, workers, jobs] = await Promise.all([getStats({ window: "1h" }), listWorkers(), listJobs({})]);
  return <OperatorConsole initialStats={stats} initialWorkers={workers.items} initialJobs={jobs} />;
}
