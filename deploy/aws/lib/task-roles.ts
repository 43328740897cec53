import { Stack, aws_ecs as ecs, aws_iam as iam, type aws_s3 as s3, type aws_sqs as sqs } from "aws-cdk-lib";

// The ECS task roles of the web app and the worker: least privilege for the
// bucket's key layout (reelmaker-stack.ts, Storage) and the two queues.

export type TaskRoleTargets = { bucket: s3.IBucket; renderQueue: sqs.IQueue; deadLetterQueue: sqs.IQueue; cluster: ecs.ICluster };

export function createTaskRoles(stack: Stack, { bucket, renderQueue, deadLetterQueue, cluster }: TaskRoleTargets) {
// The web app: signs upload URLs for incoming/ only (so nothing a browser sends can land anywhere
// else), reads what arrived there to check it, copies it to uploads/ (PutObject there only as a
// copy from incoming/: no URL it signs for uploads/ works) and deletes the staging object, writes
// thumbnails, presigns GETs of renders/ and thumbs/, deletes a customer's videos (renders/,
// uploads/, thumbs/); it lists only incoming/ (so a missing upload answers 404, not 403);
// it sends render jobs and reads both queues' attributes (the admin counts).
const webTaskRole = new iam.Role(stack, "WebTaskRole", { assumedBy: new iam.ServicePrincipal("ecs-tasks.amazonaws.com") });
const objects = (...prefixes: string[]) => prefixes.map((prefix) => bucket.arnForObjects(`${prefix}/*`));
webTaskRole.addToPolicy(new iam.PolicyStatement({ sid: "StageUploads", actions: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"], resources: objects("incoming") }));
webTaskRole.addToPolicy(
  new iam.PolicyStatement({
    sid: "AcceptUploadsByCopyOnly",
    actions: ["s3:PutObject"],
    resources: objects("uploads"),
    conditions: { StringLike: { "s3:x-amz-copy-source": `${bucket.bucketName}/incoming/*` } },
  }),
);
webTaskRole.addToPolicy(new iam.PolicyStatement({ sid: "WriteThumbnails", actions: ["s3:PutObject"], resources: objects("thumbs") }));
webTaskRole.addToPolicy(new iam.PolicyStatement({ sid: "ReadResults", actions: ["s3:GetObject"], resources: objects("renders", "thumbs") }));
webTaskRole.addToPolicy(new iam.PolicyStatement({ sid: "DeleteVideos", actions: ["s3:DeleteObject"], resources: objects("renders", "uploads", "thumbs") }));
webTaskRole.addToPolicy(
  new iam.PolicyStatement({
    sid: "ListStagingOnly",
    actions: ["s3:ListBucket"],
    resources: [bucket.bucketArn],
    conditions: { StringLike: { "s3:prefix": ["incoming/*"] } },
  }),
);
webTaskRole.addToPolicy(new iam.PolicyStatement({ sid: "SendRenderJobs", actions: ["sqs:SendMessage", "sqs:GetQueueAttributes"], resources: [renderQueue.queueArn] }));
webTaskRole.addToPolicy(new iam.PolicyStatement({ sid: "CountDeadLetters", actions: ["sqs:GetQueueAttributes"], resources: [deadLetterQueue.queueArn] }));

// The worker: reads uploads/, writes renders/, consumes the render queue (receive, delete,
// extend the lease; its attributes for the redrive policy's maxReceiveCount), re-sends orders
// whose message was never sent (worker/src/sweep-unsent-orders.ts), and protects its own task
// from scale-in while it renders (tasks of this cluster only).
const workerTaskRole = new iam.Role(stack, "WorkerTaskRole", { assumedBy: new iam.ServicePrincipal("ecs-tasks.amazonaws.com") });
workerTaskRole.addToPolicy(new iam.PolicyStatement({ sid: "ReadUploads", actions: ["s3:GetObject"], resources: objects("uploads") }));
workerTaskRole.addToPolicy(new iam.PolicyStatement({ sid: "WriteRenders", actions: ["s3:PutObject"], resources: objects("renders") }));
workerTaskRole.addToPolicy(
  new iam.PolicyStatement({
    sid: "ConsumeRenderJobs",
    actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:SendMessage"],
    resources: [renderQueue.queueArn],
  }),
);
workerTaskRole.addToPolicy(
  new iam.PolicyStatement({
    sid: "ProtectOwnTaskWhileRendering",
    actions: ["ecs:UpdateTaskProtection", "ecs:GetTaskProtection"],
    resources: [stack.formatArn({ service: "ecs", resource: "task", resourceName: `${cluster.clusterName}/*` })],
  }),
);

  return { webTaskRole, workerTaskRole };
}
