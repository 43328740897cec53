import { notFound } from "next/navigation";
import { ZodError } from "zod";
import { OperatorConsole } from "@/components/admin/operator-console";
import { getStats } from "@/lib/server/admin/get-stats";
import { listJobs } from "@/lib/server/admin/list-jobs";
import { listWorkers } from "@/lib/platform/workers";

// proxy.ts refuses this page without the admin credential.
export const metadata = { title: "Operator console — Reelmaker admin" };
export const dynamic = "force-dynamic";

const pick = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

export default async function AdminJobsPage(props: PageProps<"/admin/jobs">) {
  const params = await props.searchParams;
  // ?status=failed&q=… open the console filtered; a status or cursor that cannot exist (?cursor=%00) is no page at all.
  const filter = { status: pick(params.status), q: pick(params.q), cursor: pick(params.cursor) };
  const [stats, workers, jobs] = await Promise.all([
    getStats({ window: "1h" }),
    listWorkers(),
    listJobs(filter).catch((error: unknown) => {
      if (error instanceof ZodError) notFound();
      throw error;
    }),
  ]);
  return (
    <OperatorConsole
      initialStats={stats}
      initialWorkers={workers.items}
      initialJobs={jobs}
      initialFilter={{ status: filter.status ?? "", query: filter.q ?? "" }}
    />
  );
}
