import path from "node:path";
import { CustomResource, Duration, Stack, aws_ec2 as ec2, aws_ecs as ecs, aws_iam as iam, aws_lambda as lambda, type aws_logs as logs, custom_resources as cr } from "aws-cdk-lib";

// Runs the migration task (the worker image, scripts/migrate.ts) on each
// deploy and waits until it exits 0: a custom resource whose Lambda functions
// (deploy/aws/migration-runner) start the task and poll it.

export const MIGRATE_CONTAINER = "migrate";

export type MigrationRunInput = {
  cluster: ecs.ICluster;
  migrateTask: ecs.FargateTaskDefinition;
  subnets: ec2.SelectedSubnets;
  securityGroup: ec2.ISecurityGroup;
  logGroup: (name: string) => logs.ILogGroup;
};

export function addMigrationRun(stack: Stack, { cluster, migrateTask, subnets, securityGroup, logGroup }: MigrationRunInput): CustomResource {
  const runnerCode = lambda.Code.fromAsset(path.join(import.meta.dirname, "..", "migration-runner"));
  const runnerPolicy = [
    new iam.PolicyStatement({ actions: ["ecs:RunTask"], resources: [migrateTask.taskDefinitionArn] }),
    new iam.PolicyStatement({
      actions: ["ecs:DescribeTasks"],
      resources: [stack.formatArn({ service: "ecs", resource: "task", resourceName: `${cluster.clusterName}/*` })],
    }),
    new iam.PolicyStatement({ actions: ["iam:PassRole"], resources: [migrateTask.taskRole.roleArn, migrateTask.obtainExecutionRole().roleArn] }),
  ];
  const handler = (name: string, entry: string) =>
    new lambda.Function(stack, name, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: `index.${entry}`,
      code: runnerCode,
      timeout: Duration.minutes(1),
      initialPolicy: runnerPolicy,
      logGroup: logGroup(name),
    });
  const provider = new cr.Provider(stack, "MigrationProvider", {
    onEventHandler: handler("MigrationStart", "onEvent"),
    isCompleteHandler: handler("MigrationCheck", "isComplete"),
    queryInterval: Duration.seconds(15),
    totalTimeout: Duration.minutes(30),
  });
  return new CustomResource(stack, "Migration", {
    serviceToken: provider.serviceToken,
    properties: {
      Cluster: cluster.clusterArn,
      // A new task definition revision (a new image) runs the migrations again.
      TaskDefinition: migrateTask.taskDefinitionArn,
      Container: MIGRATE_CONTAINER,
      Subnets: subnets.subnetIds,
      SecurityGroups: [securityGroup.securityGroupId],
    },
  });
}
