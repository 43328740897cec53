import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import pg from "pg";
import { RENDER_TIME_SAMPLE } from "../../lib/fleet/desired-workers";

export type QueueStats = { visible: number; inFlight: number; averageRenderSeconds: number | null; renderSamples: number };

/** The average of startedAt → finishedAt over the last RENDER_TIME_SAMPLE.orders done orders of the window (the last attempt's time). */
export const AVERAGE_RENDER_SQL = `
  SELECT avg(extract(epoch FROM ("finishedAt" - "startedAt")))::float8 AS seconds, count(*)::int AS samples
  FROM (
    SELECT "startedAt", "finishedAt" FROM "Order"
    WHERE status = 'done' AND "startedAt" IS NOT NULL AND "finishedAt" > now() - make_interval(secs => $1)
    ORDER BY "finishedAt" DESC LIMIT $2
  ) recent`;

/**
 * What the Encode Master reads each round: the render queue's counts
 * (SQS GetQueueAttributes, as the AWS alarm would) and the recent average
 * render time (Postgres). `env` is the launcher's environment for its parts.
 */
export function createQueueStatsReader(env: Record<string, string | undefined>) {
  const sqs = new SQSClient({
    region: env.AWS_REGION,
    endpoint: env.SQS_ENDPOINT,
    ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN } }
      : {}),
  });
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 1, idleTimeoutMillis: 30_000 });
  // A dropped connection must not crash the launcher: the next read reconnects.
  pool.on("error", () => undefined);
  return {
    async read(): Promise<QueueStats> {
      const [attributes, render] = await Promise.all([
        sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: env.SQS_QUEUE_URL,
            AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
          }),
        ),
        pool.query<{ seconds: number | null; samples: number }>(AVERAGE_RENDER_SQL, [RENDER_TIME_SAMPLE.windowSeconds, RENDER_TIME_SAMPLE.orders]),
      ]);
      return {
        visible: Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
        averageRenderSeconds: render.rows[0]?.seconds ?? null,
        renderSamples: render.rows[0]?.samples ?? 0,
      };
    },
    async close() {
      sqs.destroy();
      await pool.end().catch(() => undefined);
    },
  };
}
