// Custom resource handlers (aws-cdk-lib custom-resources Provider) that run
// the database migrations as a one-off ECS task on every deploy whose task
// definition changed, and report success only when that task has exited 0.
// The web and worker services depend on this resource, so CloudFormation
// starts their new tasks only after the migrations are applied; a failed
// migration fails the deploy, which rolls back to the running version.
import { DescribeTasksCommand, ECSClient, RunTaskCommand } from "@aws-sdk/client-ecs";

const ecs = new ECSClient({});

/** @typedef {{ send: (command: any) => Promise<any> }} EcsLike the ECS client, or a stand-in in tests */

/**
 * @param {{ RequestType: string, PhysicalResourceId?: string, ResourceProperties: Record<string, any> }} event
 * @param {EcsLike} [client]
 */
export async function onEvent(event, client = ecs) {
  if (event.RequestType === "Delete") return { PhysicalResourceId: event.PhysicalResourceId };
  const p = event.ResourceProperties;
  const result = await client.send(
    new RunTaskCommand({
      cluster: p.Cluster,
      taskDefinition: p.TaskDefinition,
      launchType: "FARGATE",
      count: 1,
      startedBy: "reelmaker-migrate",
      networkConfiguration: {
        awsvpcConfiguration: { subnets: p.Subnets, securityGroups: p.SecurityGroups, assignPublicIp: "DISABLED" },
      },
    }),
  );
  const task = result.tasks?.[0];
  if (!task?.taskArn) throw new Error(`Could not start the migration task: ${JSON.stringify(result.failures ?? [])}`);
  return { PhysicalResourceId: task.taskArn, Data: { TaskArn: task.taskArn } };
}

/**
 * @param {{ RequestType: string, PhysicalResourceId: string, ResourceProperties: Record<string, any> }} event
 * @param {EcsLike} [client]
 */
export async function isComplete(event, client = ecs) {
  if (event.RequestType === "Delete") return { IsComplete: true };
  const result = await client.send(new DescribeTasksCommand({ cluster: event.ResourceProperties.Cluster, tasks: [event.PhysicalResourceId] }));
  const task = result.tasks?.[0];
  if (!task) throw new Error(`Migration task ${event.PhysicalResourceId} not found`);
  if (task.lastStatus !== "STOPPED") return { IsComplete: false };
  const container = task.containers?.find((c) => c.name === event.ResourceProperties.Container);
  if (container?.exitCode === 0) return { IsComplete: true };
  throw new Error(
    `Migrations failed (exit ${container?.exitCode ?? "none"}: ${container?.reason ?? task.stoppedReason ?? "no reason given"}); see the migrate log group`,
  );
}
