import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { MIGRATE_COMMAND, MIGRATE_CONTAINER, ReelmakerStack } from "../lib/reelmaker-stack";
import { BACKLOG_PER_TASK_EXPRESSION, DEFAULT_AVERAGE_RENDER_SECONDS, DEFAULT_TARGET_WAIT_SECONDS, WAKE_FROM_ZERO_EXPRESSION } from "../lib/scaling";
import { readSettings } from "../lib/settings";

// The synthesized CloudFormation of deploy/aws, offline. Prebuilt image names
// keep the synth quick; images.test.ts covers the Dockerfiles. A synth takes
// a few CPU-seconds, more on a busy machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation properties, read as JSON
type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };

function synth(context: Record<string, unknown> = {}) {
  const app = new App({ context: { webImage: "example/web:1", workerImage: "example/worker:1", ...context } });
  const stack = new ReelmakerStack(app, "Test", {
    settings: readSettings((name) => app.node.tryGetContext(name)),
    env: { account: "123456789012", region: "eu-west-1" },
  });
  return Template.fromStack(stack);
}

const byType = (template: Template, type: string) => Object.entries(template.findResources(type)) as [string, Resource][];
const only = (template: Template, type: string, match: (r: Resource) => boolean = () => true) => {
  const found = byType(template, type).filter(([, r]) => match(r));
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0];
};
const statementsOf = (template: Template, roleId: string) =>
  byType(template, "AWS::IAM::Policy")
    .filter(([, p]) => p.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: unknown; Effect: string }[]);
const roleId = (template: Template, logicalPrefix: string) => {
  const ids = byType(template, "AWS::IAM::Role").map(([id]) => id).filter((id) => id.startsWith(logicalPrefix));
  expect(ids).toHaveLength(1);
  return ids[0];
};
const asList = <T,>(value: T | T[]) => (Array.isArray(value) ? value : [value]);
const json = (value: unknown) => JSON.stringify(value);

let template: Template;
beforeAll(() => {
  template = synth();
});

describe("the app", () => {
  it("synthesizes with images built from Dockerfile.web and Dockerfile.worker", () => {
    const app = new App({ outdir: mkdtempSync(path.join(os.tmpdir(), "reelmaker-cdk-")) });
    try {
      new ReelmakerStack(app, "Assets", { settings: readSettings(() => undefined), env: { account: "123456789012", region: "eu-west-1" } });
      const stack = app.synth().getStackByName("Assets");
      expect(json(stack.template)).toContain("AWS::ECS::Service");
      const manifest = JSON.parse(readFileSync(path.join(app.outdir, "Assets.assets.json"), "utf8")) as { dockerImages: Record<string, { source: { directory: string; dockerFile: string } }> };
      const images = Object.values(manifest.dockerImages).map((image) => image.source);
      expect(images.map((image) => image.dockerFile).sort()).toEqual(["Dockerfile.web", "Dockerfile.worker"]);
      // The build context is the repository without what .dockerignore leaves out.
      const context = path.join(app.outdir, images[0].directory);
      expect(existsSync(path.join(context, "package-lock.json"))).toBe(true);
      expect(existsSync(path.join(context, "node_modules"))).toBe(false);
    } finally {
      rmSync(app.outdir, { recursive: true, force: true });
    }
  });
});

describe("the bucket", () => {
  it("blocks public access, encrypts, refuses plain HTTP, and lets only the site's origin PUT", () => {
    const [id, bucket] = only(template, "AWS::S3::Bucket");
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe("AES256");
    const [rule] = bucket.Properties.CorsConfiguration.CorsRules;
    expect(rule.AllowedMethods).toContain("PUT");
    expect(rule.AllowedOrigins).toHaveLength(1);
    expect(json(rule.AllowedOrigins)).toContain("LoadBalancer"); // http://<the load balancer's DNS name> without a domain
    const [, policy] = only(template, "AWS::S3::BucketPolicy");
    expect(policy.Properties.Bucket).toEqual({ Ref: id });
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
  });

  it("expires abandoned uploads and unfinished multipart uploads after a day, and keeps renders unless told", () => {
    const rules = only(template, "AWS::S3::Bucket")[1].Properties.LifecycleConfiguration.Rules;
    expect(rules).toEqual([
      expect.objectContaining({ Id: "abandoned-uploads", Prefix: "incoming/", ExpirationInDays: 1, Status: "Enabled" }),
      expect.objectContaining({ Id: "unfinished-multipart-uploads", AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: "Enabled" }),
    ]);
    const kept = synth({ renderRetentionDays: 30, domainName: "video.example.com", certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" });
    const bucket = only(kept, "AWS::S3::Bucket")[1];
    expect(bucket.Properties.LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ Prefix: "renders/", ExpirationInDays: 30 }));
    expect(bucket.Properties.CorsConfiguration.CorsRules[0].AllowedOrigins).toEqual(["https://video.example.com"]);
    kept.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", { Port: 443, Protocol: "HTTPS" });
    kept.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", { Port: 80, DefaultActions: [Match.objectLike({ Type: "redirect" })] });
  });
});

describe("the queues", () => {
  it("dead-letter a job after 3 receives, lease it as long as the worker does, and are encrypted", () => {
    const queues = byType(template, "AWS::SQS::Queue");
    expect(queues).toHaveLength(2);
    const [dlqId] = queues.find(([, q]) => !q.Properties.RedrivePolicy)!;
    const [, main] = queues.find(([, q]) => q.Properties.RedrivePolicy)!;
    expect(main.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { "Fn::GetAtt": [dlqId, "Arn"] }, maxReceiveCount: 3 });
    expect(main.Properties.VisibilityTimeout).toBe(60);
    for (const [, queue] of queues) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const worker = only(template, "AWS::ECS::TaskDefinition", (t) => json(t).includes('"worker"'))[1];
    expect(worker.Properties.ContainerDefinitions[0].Environment).toContainEqual({ Name: "WORKER_VISIBILITY_SECONDS", Value: "60" });
    // Plain-HTTP access is refused.
    expect(byType(template, "AWS::SQS::QueuePolicy").map(([, p]) => json(p))).toEqual(
      expect.arrayContaining([expect.stringContaining('"aws:SecureTransport":"false"')]),
    );
  });

  it("raise an alarm as soon as the dead-letter queue holds a message", () => {
    const queues = byType(template, "AWS::SQS::Queue");
    const [dlqId] = queues.find(([, q]) => !q.Properties.RedrivePolicy)!;
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [dlqId, "QueueName"] } }],
      ComparisonOperator: "GreaterThanThreshold",
      Threshold: 0,
      AlarmActions: [Match.anyValue()],
    });
  });
});

describe("the database and secrets", () => {
  it("is private, encrypted Postgres with generated credentials in Secrets Manager", () => {
    const [, db] = only(template, "AWS::RDS::DBInstance");
    expect(db.Properties).toMatchObject({ Engine: "postgres", StorageEncrypted: true, PubliclyAccessible: false, DeletionProtection: true });
    expect(json(db.Properties.MasterUserPassword)).toContain("resolve:secretsmanager");
  });

  it("gives SESSION_SECRET, ADMIN_PASSWORD and the database password to the containers as secrets, never as plain values", () => {
    const tasks = byType(template, "AWS::ECS::TaskDefinition");
    const web = tasks.find(([, t]) => json(t).includes('"web"'))![1].Properties.ContainerDefinitions[0];
    expect(web.Secrets.map((s: { Name: string }) => s.Name).sort()).toEqual(
      ["ADMIN_PASSWORD", "DB_HOST", "DB_NAME", "DB_PASSWORD", "DB_PORT", "DB_USER", "SESSION_SECRET"],
    );
    for (const [, task] of tasks) {
      for (const container of task.Properties.ContainerDefinitions) {
        const names = (container.Environment ?? []).map((e: { Name: string }) => e.Name);
        expect(names).not.toEqual(expect.arrayContaining([expect.stringMatching(/SECRET|PASSWORD|DATABASE_URL/)]));
      }
    }
    expect(web.Environment).toContainEqual({ Name: "TRUSTED_PROXY_HOPS", Value: "1" });
  });
});

describe("the services", () => {
  it("run at least 2 web tasks behind the load balancer, health-checked on /api/health", () => {
    const [, web] = only(template, "AWS::ECS::Service", (s) => Boolean(s.Properties.LoadBalancers));
    expect(web.Properties.DesiredCount).toBeGreaterThanOrEqual(2);
    expect(web.Properties.LaunchType).toBe("FARGATE");
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", { HealthCheckPath: "/api/health", Port: 3000 });
    template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", { MinCapacity: 2, ScalableDimension: "ecs:service:DesiredCount" });
  });

  it("size workers at 2 vCPU / 4 GB, allowed down to 0, with time to release a job when stopped", () => {
    const [, worker] = only(template, "AWS::ECS::TaskDefinition", (t) => json(t).includes('"worker"'));
    expect(worker.Properties).toMatchObject({ Cpu: "2048", Memory: "4096" });
    expect(worker.Properties.ContainerDefinitions[0].StopTimeout).toBeGreaterThanOrEqual(30);
    const [, service] = only(template, "AWS::ECS::Service", (s) => !s.Properties.LoadBalancers);
    expect(service.Properties.DesiredCount).toBe(0);
  });
});

describe("the worker scaling", () => {
  const policies = () => byType(template, "AWS::ApplicationAutoScaling::ScalingPolicy");

  it("tracks backlog per task (visible messages ÷ running tasks) at acceptable wait ÷ average render time", () => {
    const [, policy] = policies().find(([, p]) => p.Properties.PolicyType === "TargetTrackingScaling" && p.Properties.TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification)!;
    const config = policy.Properties.TargetTrackingScalingPolicyConfiguration;
    expect(config.TargetValue).toBe(DEFAULT_TARGET_WAIT_SECONDS / DEFAULT_AVERAGE_RENDER_SECONDS);
    const metrics = config.CustomizedMetricSpecification.Metrics;
    expect(metrics.map((m: { Id: string }) => m.Id)).toEqual(["visible", "running", "backlogPerTask"]);
    expect(metrics[0].MetricStat.Metric).toMatchObject({ Namespace: "AWS/SQS", MetricName: "ApproximateNumberOfMessagesVisible" });
    expect(metrics[1].MetricStat.Metric).toMatchObject({ Namespace: "ECS/ContainerInsights", MetricName: "RunningTaskCount" });
    expect(metrics[2]).toMatchObject({ Expression: BACKLOG_PER_TASK_EXPRESSION, ReturnData: true });
    expect(metrics.filter((m: { ReturnData: boolean }) => m.ReturnData)).toHaveLength(1);
    // It scales the worker service, between 0 and the maximum.
    const [targetId, target] = byType(template, "AWS::ApplicationAutoScaling::ScalableTarget").find(([, t]) => t.Properties.MinCapacity === 0)!;
    expect(policy.Properties.ScalingTargetId).toEqual({ Ref: targetId });
    expect(target.Properties.MaxCapacity).toBe(10);
    // The queue's metric is the render queue's (not the dead-letter queue's).
    const [mainId] = byType(template, "AWS::SQS::Queue").find(([, q]) => q.Properties.RedrivePolicy)!;
    expect(metrics[0].MetricStat.Metric.Dimensions).toEqual([{ Name: "QueueName", Value: { "Fn::GetAtt": [mainId, "QueueName"] } }]);
  });

  it("takes the target wait and render time from context", () => {
    const custom = synth({ targetWaitSeconds: 300, averageRenderSeconds: 60, workerMaxTasks: 4 });
    custom.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 5 }),
    });
    custom.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", { MinCapacity: 0, MaxCapacity: 4 });
    expect(() => synth({ averageRenderSeconds: "soon" })).toThrow(/averageRenderSeconds/);
  });

  it("starts the first worker from zero with a step policy on waiting jobs and no running task", () => {
    const [stepId] = policies().find(([, p]) => p.Properties.PolicyType === "StepScaling" && json(p).includes("ChangeInCapacity"))
      ?? policies().find(([, p]) => p.Properties.PolicyType === "StepScaling")!;
    const alarms = byType(template, "AWS::CloudWatch::Alarm").filter(([, a]) => json(a.Properties.AlarmActions).includes(stepId));
    expect(alarms.length).toBeGreaterThan(0);
    const expressions = alarms.flatMap(([, a]) => a.Properties.Metrics.filter((m: { Expression?: string }) => m.Expression).map((m: { Expression: string }) => m.Expression));
    expect(expressions).toContain(WAKE_FROM_ZERO_EXPRESSION);
    const steps = byType(template, "AWS::ApplicationAutoScaling::ScalingPolicy")
      .filter(([, p]) => p.Properties.PolicyType === "StepScaling")
      .flatMap(([, p]) => p.Properties.StepScalingPolicyConfiguration.StepAdjustments);
    expect(steps).toContainEqual(expect.objectContaining({ ScalingAdjustment: 1 }));
  });

  it("lets a rendering worker protect its own task from scale-in, in this cluster only", () => {
    const statements = statementsOf(template, roleId(template, "WorkerTaskRole"));
    const protection = statements.find((s) => s.Sid === "ProtectOwnTaskWhileRendering")!;
    expect(asList(protection.Action).sort()).toEqual(["ecs:GetTaskProtection", "ecs:UpdateTaskProtection"]);
    expect(json(protection.Resource)).toContain(":task/");
    const worker = only(template, "AWS::ECS::TaskDefinition", (t) => json(t).includes('"worker"'))[1];
    expect(worker.Properties.ContainerDefinitions[0].Environment).toContainEqual({ Name: "WORKER_PROTECTION_MINUTES", Value: "60" });
  });
});

describe("least privilege", () => {
  const actionsOn = (statements: ReturnType<typeof statementsOf>) =>
    statements.flatMap((s) => asList(s.Action).map((action) => `${action} ${json(s.Resource)}`));

  it("no task role has a wildcard action or resource", () => {
    for (const prefix of ["WebTaskRole", "WorkerTaskRole"]) {
      for (const statement of statementsOf(template, roleId(template, prefix))) {
        expect(statement.Effect).toBe("Allow");
        for (const action of asList(statement.Action)) expect(action).not.toMatch(/\*/);
        for (const resource of asList(statement.Resource as unknown)) expect(resource).not.toBe("*");
      }
    }
  });

  it("the web role stages uploads under incoming/, accepts into uploads/ only by copy, reads renders/ and thumbs/, and sends jobs", () => {
    const statements = statementsOf(template, roleId(template, "WebTaskRole"));
    const actions = actionsOn(statements);
    const s3Prefixes = (action: string) =>
      actions.filter((a) => a.startsWith(`${action} `)).flatMap((a) => [...a.matchAll(/"\/([a-z]+)\/\*"/g)].map((m) => m[1])).sort();
    expect(s3Prefixes("s3:PutObject")).toEqual(["incoming", "thumbs", "uploads"]);
    expect(s3Prefixes("s3:GetObject")).toEqual(["incoming", "renders", "thumbs"]);
    expect(s3Prefixes("s3:DeleteObject")).toEqual(["incoming", "renders", "thumbs", "uploads"]);
    const copyOnly = statements.find((s) => s.Sid === "AcceptUploadsByCopyOnly")!;
    expect(json(copyOnly.Condition)).toContain("s3:x-amz-copy-source");
    expect(json(copyOnly.Condition)).toContain("/incoming/*");
    const list = statements.find((s) => asList(s.Action).includes("s3:ListBucket"))!;
    expect(list.Condition).toEqual({ StringLike: { "s3:prefix": ["incoming/*"] } });
    const sqsActions = statements.flatMap((s) => asList(s.Action)).filter((a) => a.startsWith("sqs:"));
    expect([...new Set(sqsActions)].sort()).toEqual(["sqs:GetQueueAttributes", "sqs:SendMessage"]);
    expect(statements.flatMap((s) => asList(s.Action)).filter((a) => !/^(s3|sqs):/.test(a))).toEqual([]);
  });

  it("the worker role reads uploads/, writes renders/ and consumes the render queue, and nothing else", () => {
    const statements = statementsOf(template, roleId(template, "WorkerTaskRole"));
    const actions = actionsOn(statements);
    expect(actions.filter((a) => a.startsWith("s3:GetObject "))).toEqual([expect.stringMatching(/"\/uploads\/\*"/)]);
    expect(actions.filter((a) => a.startsWith("s3:PutObject "))).toEqual([expect.stringMatching(/"\/renders\/\*"/)]);
    const all = statements.flatMap((s) => asList(s.Action)).sort();
    expect(all).toEqual([
      "ecs:GetTaskProtection",
      "ecs:UpdateTaskProtection",
      "s3:GetObject",
      "s3:PutObject",
      "sqs:ChangeMessageVisibility",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:ReceiveMessage",
      "sqs:SendMessage",
    ]);
    const [mainId] = byType(template, "AWS::SQS::Queue").find(([, q]) => q.Properties.RedrivePolicy)!;
    const sqsStatement = statements.find((s) => asList(s.Action).includes("sqs:ReceiveMessage"))!;
    expect(sqsStatement.Resource).toEqual({ "Fn::GetAtt": [mainId, "Arn"] });
  });

  it("the execution roles use a wildcard resource only for the ECR login token, which has no resource", () => {
    const roles = byType(template, "AWS::IAM::Role").map(([id]) => id).filter((id) => /ExecutionRole/.test(id));
    expect(roles.length).toBeGreaterThanOrEqual(3);
    for (const id of roles) {
      for (const statement of statementsOf(template, id)) {
        if (asList(statement.Resource as unknown).includes("*")) expect(asList(statement.Action)).toEqual(["ecr:GetAuthorizationToken"]);
        for (const action of asList(statement.Action)) expect(action).not.toMatch(/\*/);
      }
    }
  });

  it("keeps every log group for a limited time", () => {
    const groups = byType(template, "AWS::Logs::LogGroup");
    expect(groups.length).toBeGreaterThanOrEqual(3);
    for (const [, group] of groups) expect(group.Properties.RetentionInDays).toBe(30);
  });
});

describe("the migration on deploy", () => {
  it("runs the migrate command as a one-off task, and the services wait for it", () => {
    const [, task] = only(template, "AWS::ECS::TaskDefinition", (t) => json(t).includes(`"${MIGRATE_CONTAINER}"`));
    const container = task.Properties.ContainerDefinitions[0];
    expect(container.Command).toEqual(MIGRATE_COMMAND);
    expect(container.Secrets.map((s: { Name: string }) => s.Name)).toContain("DB_PASSWORD");
    const [migrationId, migration] = only(template, "AWS::CloudFormation::CustomResource");
    expect(json(migration.Properties.TaskDefinition)).toContain("MigrateTask");
    for (const [, service] of byType(template, "AWS::ECS::Service")) expect(service.DependsOn).toContain(migrationId);
    // It runs once the database is there and the private subnets route out (image pull, secrets).
    const [databaseId] = only(template, "AWS::RDS::DBInstance");
    expect(migration.DependsOn).toEqual(expect.arrayContaining([databaseId, expect.stringMatching(/^VpcappSubnet1DefaultRoute/)]));
  });

  it("lets the runner start only that task definition and pass only its roles", () => {
    const runner = byType(template, "AWS::IAM::Policy").filter(([id]) => id.startsWith("MigrationStart") || id.startsWith("MigrationCheck"));
    expect(runner.length).toBe(2);
    for (const [, policy] of runner) {
      const statements = policy.Properties.PolicyDocument.Statement as { Action: string; Resource: unknown }[];
      expect(statements.map((s) => s.Action).sort()).toEqual(["ecs:DescribeTasks", "ecs:RunTask", "iam:PassRole"]);
      expect(json(statements.find((s) => s.Action === "ecs:RunTask")!.Resource)).toContain("MigrateTask");
      for (const s of statements) expect(s.Resource).not.toBe("*");
    }
  });
});
