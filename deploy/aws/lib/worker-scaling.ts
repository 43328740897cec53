import { Duration, Stack, aws_applicationautoscaling as appscaling, aws_cloudwatch as cloudwatch, type aws_ecs as ecs, type aws_sqs as sqs } from "aws-cdk-lib";
import { BACKLOG_PER_TASK_EXPRESSION, WAKE_FROM_ZERO_EXPRESSION, backlogPerTaskTarget } from "./scaling";
import type { Settings } from "./settings";

// How the worker service scales: target tracking on the backlog per running
// task (the rule and its numbers: scaling.ts), and a step policy that starts
// the first worker when the service is at zero.

export type WorkerScalingInput = { cluster: ecs.ICluster; workerService: ecs.FargateService; renderQueue: sqs.Queue; settings: Settings };

export function addWorkerScaling(stack: Stack, { cluster, workerService, renderQueue, settings }: WorkerScalingInput) {
// Scaling on the backlog per task (lib/scaling.ts): target tracking on metric math, which
// the L2 construct cannot express, so the policy is written as CloudFormation has it.
const workerScaling = new appscaling.ScalableTarget(stack, "WorkerScaling", {
  serviceNamespace: appscaling.ServiceNamespace.ECS,
  resourceId: `service/${cluster.clusterName}/${workerService.serviceName}`,
  scalableDimension: "ecs:service:DesiredCount",
  minCapacity: settings.workerMinTasks,
  maxCapacity: settings.workerMaxTasks,
});
const visibleStat = {
  metric: { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: [{ name: "QueueName", value: renderQueue.queueName }] },
  stat: "Average",
};
const runningStat = {
  metric: {
    namespace: "ECS/ContainerInsights",
    metricName: "RunningTaskCount",
    dimensions: [
      { name: "ClusterName", value: cluster.clusterName },
      { name: "ServiceName", value: workerService.serviceName },
    ],
  },
  stat: "Average",
};
new appscaling.CfnScalingPolicy(stack, "WorkerBacklogPerTask", {
  policyName: `${stack.stackName}-worker-backlog-per-task`,
  policyType: "TargetTrackingScaling",
  scalingTargetId: workerScaling.scalableTargetId,
  targetTrackingScalingPolicyConfiguration: {
    targetValue: backlogPerTaskTarget(settings),
    scaleOutCooldown: settings.scaleOutCooldownSeconds,
    scaleInCooldown: settings.scaleInCooldownSeconds,
    customizedMetricSpecification: {
      metrics: [
        { id: "visible", metricStat: visibleStat, returnData: false },
        { id: "running", metricStat: runningStat, returnData: false },
        { id: "backlogPerTask", expression: BACKLOG_PER_TASK_EXPRESSION, label: "Render jobs waiting per worker task", returnData: true },
      ],
    },
  },
});
// From zero running tasks target tracking cannot scale out (it multiplies the running count):
// a step policy starts the first worker when jobs wait.
workerScaling.scaleOnMetric("WakeFromZero", {
  metric: new cloudwatch.MathExpression({
    expression: WAKE_FROM_ZERO_EXPRESSION,
    usingMetrics: {
      visible: renderQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: "Maximum" }),
      running: new cloudwatch.Metric({ ...runningStat.metric, dimensionsMap: { ClusterName: cluster.clusterName, ServiceName: workerService.serviceName }, period: Duration.minutes(1), statistic: "Maximum" }),
    },
    period: Duration.minutes(1),
  }),
  adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
  scalingSteps: [
    { upper: 0.5, change: 0 },
    { lower: 0.5, change: 1 },
  ],
  cooldown: Duration.seconds(settings.scaleOutCooldownSeconds),
});

}
