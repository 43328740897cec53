import path from "node:path";
import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  aws_certificatemanager as acm,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as cloudwatchActions,
  aws_ec2 as ec2,
  aws_ecs as ecs,
  aws_elasticloadbalancingv2 as elbv2,
  aws_logs as logs,
  aws_rds as rds,
  aws_s3 as s3,
  aws_secretsmanager as secretsmanager,
  aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
  aws_sqs as sqs,
} from "aws-cdk-lib";
import { Platform } from "aws-cdk-lib/aws-ecr-assets";
import type { Construct } from "constructs";
import type { Settings } from "./settings";
import { MIGRATE_CONTAINER, addMigrationRun } from "./migration";

export { MIGRATE_CONTAINER };
import { createTaskRoles } from "./task-roles";
import { addWorkerScaling } from "./worker-scaling";

// Reelmaker on AWS: S3 for photos and videos, SQS (with a dead-letter queue)
// for render jobs, RDS Postgres, and two ECS Fargate services in a VPC: the
// web app behind an Application Load Balancer, and the render workers,
// scaled on the queue's backlog per task. A one-off task applies the
// migrations on each deploy before new tasks start. README "Deploy to AWS".

export const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
export const WEB_PORT = 3000;
/** The migration task's command, run in the worker image (WORKDIR /app/worker): scripts/migrate.ts. */
export const MIGRATE_COMMAND = ["node", "--import", "tsx", "../scripts/migrate.ts"];

export type ReelmakerStackProps = StackProps & { settings: Settings };

export class ReelmakerStack extends Stack {
  constructor(scope: Construct, id: string, props: ReelmakerStackProps) {
    super(scope, id, props);
    const { settings } = props;

    // --- Network: public subnets for the load balancer, private ones (NAT out) for tasks, isolated ones for the database.
    const vpc = new ec2.Vpc(this, "Vpc", {
      maxAzs: 2,
      natGateways: settings.natGateways,
      subnetConfiguration: [
        { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: "app", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: "data", subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });
    const appSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };

    const alb = new elbv2.ApplicationLoadBalancer(this, "LoadBalancer", { vpc, internetFacing: true, dropInvalidHeaderFields: true });
    const isHttps = Boolean(settings.certificateArn);
    const siteOrigin = settings.domainName ? `https://${settings.domainName}` : `${isHttps ? "https" : "http"}://${alb.loadBalancerDnsName}`;

    // --- Storage. Key layout (who may do what is in the IAM section below):
    //   incoming/<sessionId>/<assetId>  browsers PUT here through presigned URLs; abandoned ones expire after a day
    //   uploads/<sessionId>/<assetId>   checked uploads, copied from incoming/ by the web app; immutable
    //   thumbs/…                        thumbnails the web app writes
    //   renders/<orderId>/video.mp4, poster.jpg   the worker's output
    const bucket = new s3.Bucket(this, "Media", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      cors: [
        {
          allowedOrigins: [siteOrigin],
          allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
          allowedHeaders: ["*"],
          exposedHeaders: ["ETag"],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        { id: "abandoned-uploads", prefix: "incoming/", expiration: Duration.days(1) },
        { id: "unfinished-multipart-uploads", abortIncompleteMultipartUploadAfter: Duration.days(1) },
        ...(settings.renderRetentionDays > 0
          ? [{ id: "renders", prefix: "renders/", expiration: Duration.days(settings.renderRetentionDays) }]
          : []),
      ],
    });

    // --- Queues: a render job is tried 3 times, then dead-lettered (and the alarm goes off).
    const deadLetterQueue = new sqs.Queue(this, "RenderDeadLetterQueue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const renderQueue = new sqs.Queue(this, "RenderQueue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(settings.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 3 },
    });
    const alarmTopic = new sns.Topic(this, "Alarms", { enforceSSL: true });
    if (settings.alarmEmail) alarmTopic.addSubscription(new subscriptions.EmailSubscription(settings.alarmEmail));
    const deadLetterAlarm = new cloudwatch.Alarm(this, "DeadLetterQueueNotEmpty", {
      alarmDescription: "Render jobs failed 3 times and were dead-lettered: see the admin list and the worker logs",
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: "Maximum" }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    deadLetterAlarm.addAlarmAction(new cloudwatchActions.SnsAction(alarmTopic));

    // --- Database, its credentials generated into Secrets Manager; the app's own secrets beside it.
    const databaseSecurityGroup = new ec2.SecurityGroup(this, "DatabaseSecurityGroup", { vpc, allowAllOutbound: false });
    const database = new rds.DatabaseInstance(this, "Database", {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_18_3 }),
      instanceType: new ec2.InstanceType(settings.dbInstanceType),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [databaseSecurityGroup],
      credentials: rds.Credentials.fromGeneratedSecret("reelmaker"),
      databaseName: "reelmaker",
      storageEncrypted: true,
      allocatedStorage: settings.dbAllocatedStorageGiB,
      maxAllocatedStorage: settings.dbAllocatedStorageGiB * 5,
      multiAz: settings.dbMultiAz,
      publiclyAccessible: false,
      backupRetention: Duration.days(7),
      deletionProtection: settings.dbDeletionProtection,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    const databaseSecret = database.secret!;
    const sessionSecret = new secretsmanager.Secret(this, "SessionSecret", {
      description: "Reelmaker SESSION_SECRET: signs session cookies and share links",
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    const adminPassword = new secretsmanager.Secret(this, "AdminPassword", {
      description: "Reelmaker ADMIN_PASSWORD: the admin area (user admin)",
      generateSecretString: { passwordLength: 24, excludePunctuation: true },
    });
    // The DB_* fields readDatabaseUrl (lib/platform/config.ts) turns into a connection string.
    const databaseSecrets = {
      DB_HOST: ecs.Secret.fromSecretsManager(databaseSecret, "host"),
      DB_PORT: ecs.Secret.fromSecretsManager(databaseSecret, "port"),
      DB_NAME: ecs.Secret.fromSecretsManager(databaseSecret, "dbname"),
      DB_USER: ecs.Secret.fromSecretsManager(databaseSecret, "username"),
      DB_PASSWORD: ecs.Secret.fromSecretsManager(databaseSecret, "password"),
    };
    const awsEnvironment = {
      AWS_REGION: this.region,
      S3_BUCKET: bucket.bucketName,
      SQS_QUEUE_URL: renderQueue.queueUrl,
      SQS_DLQ_URL: deadLetterQueue.queueUrl,
      NODE_ENV: "production",
      LOG_LEVEL: "info",
    };

    // --- Images: built from the repository's Dockerfiles on deploy, unless prebuilt ones are named.
    const image = (name: "web" | "worker", prebuilt: string) =>
      prebuilt
        ? ecs.ContainerImage.fromRegistry(prebuilt)
        : ecs.ContainerImage.fromAsset(REPO_ROOT, { file: `Dockerfile.${name}`, platform: Platform.LINUX_AMD64 });
    const webImage = image("web", settings.webImage);
    const workerImage = image("worker", settings.workerImage);

    const cluster = new ecs.Cluster(this, "Cluster", { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const logGroup = (name: string) =>
      new logs.LogGroup(this, `${name}Logs`, { retention: settings.logRetentionDays as logs.RetentionDays, removalPolicy: RemovalPolicy.DESTROY });

    // --- Least privilege: the task roles (task-roles.ts); the execution roles only pull images, read the secrets above and write logs.
    const { webTaskRole, workerTaskRole } = createTaskRoles(this, { bucket, renderQueue, deadLetterQueue, cluster });

    // --- The web service behind the load balancer.
    const webTask = new ecs.FargateTaskDefinition(this, "WebTask", { cpu: settings.webCpu, memoryLimitMiB: settings.webMemoryMiB, taskRole: webTaskRole });
    webTask.addContainer("web", {
      image: webImage,
      portMappings: [{ containerPort: WEB_PORT }],
      environment: {
        ...awsEnvironment,
        PORT: String(WEB_PORT),
        HOSTNAME: "0.0.0.0",
        // The client address is the one the load balancer adds to X-Forwarded-For.
        TRUSTED_PROXY_HOPS: "1",
        PUBLIC_URL: siteOrigin,
      },
      secrets: { ...databaseSecrets, SESSION_SECRET: ecs.Secret.fromSecretsManager(sessionSecret), ADMIN_PASSWORD: ecs.Secret.fromSecretsManager(adminPassword) },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: "web", logGroup: logGroup("Web") }),
      stopTimeout: Duration.seconds(30),
    });
    // Both services: in the private subnets, up to twice their size during a deploy, rolled back if it fails.
    const serviceDefaults = { cluster, maxHealthyPercent: 200, vpcSubnets: appSubnets, circuitBreaker: { enable: true, rollback: true } };
    const webService = new ecs.FargateService(this, "WebService", {
      ...serviceDefaults,
      taskDefinition: webTask,
      desiredCount: settings.webMinTasks,
      minHealthyPercent: 100,
      healthCheckGracePeriod: Duration.seconds(60),
    });
    const webScaling = webService.autoScaleTaskCount({ minCapacity: settings.webMinTasks, maxCapacity: settings.webMaxTasks });
    webScaling.scaleOnCpuUtilization("WebCpu", { targetUtilizationPercent: 60 });

    const targets = {
      port: WEB_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [webService],
      healthCheck: { path: "/api/health", healthyHttpCodes: "200", interval: Duration.seconds(15), healthyThresholdCount: 2 },
      deregistrationDelay: Duration.seconds(30),
    };
    if (isHttps) {
      const certificate = acm.Certificate.fromCertificateArn(this, "Certificate", settings.certificateArn);
      const https = alb.addListener("Https", { port: 443, certificates: [certificate], sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS });
      https.addTargets("Web", targets);
      alb.addRedirect({ sourcePort: 80, targetPort: 443 });
    } else {
      alb.addListener("Http", { port: 80 }).addTargets("Web", targets);
    }

    // --- The render workers: one render at a time each, ffmpeg in the image.
    const workerTask = new ecs.FargateTaskDefinition(this, "WorkerTask", {
      cpu: settings.workerCpu,
      memoryLimitMiB: settings.workerMemoryMiB,
      taskRole: workerTaskRole,
    });
    workerTask.addContainer("worker", {
      image: workerImage,
      environment: {
        ...awsEnvironment,
        WORKER_VISIBILITY_SECONDS: String(settings.visibilityTimeoutSeconds),
        WORKER_PROTECTION_MINUTES: String(settings.workerProtectionMinutes),
      },
      secrets: databaseSecrets,
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: "worker", logGroup: logGroup("Worker") }),
      // A stopping worker releases its message (worker/src/main.ts, at most ~25 s); scale-in does
      // not stop a rendering task at all: it is protected while it renders.
      stopTimeout: Duration.seconds(60),
    });
    const workerService = new ecs.FargateService(this, "WorkerService", {
      ...serviceDefaults,
      taskDefinition: workerTask,
      desiredCount: settings.workerMinTasks,
      minHealthyPercent: 0,
    });

    // Scaling on the backlog per task, and from zero (worker-scaling.ts).
    addWorkerScaling(this, { cluster, workerService, renderQueue, settings });

    // --- Migrations: a one-off task (worker image, scripts/migrate.ts) that must exit 0 before the services update.
    const migrateTask = new ecs.FargateTaskDefinition(this, "MigrateTask", { cpu: 256, memoryLimitMiB: 512 });
    migrateTask.addContainer(MIGRATE_CONTAINER, {
      image: workerImage,
      command: MIGRATE_COMMAND,
      environment: { NODE_ENV: "production", LOG_LEVEL: "info" },
      secrets: databaseSecrets,
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: "migrate", logGroup: logGroup("Migrate") }),
    });
    const migrateSecurityGroup = new ec2.SecurityGroup(this, "MigrateSecurityGroup", { vpc });
    for (const [name, peer] of [["web", webService], ["worker", workerService], ["migrate", migrateSecurityGroup]] as const) {
      databaseSecurityGroup.addIngressRule(
        "connections" in peer ? peer.connections.securityGroups[0] : peer,
        ec2.Port.tcp(5432),
        `Postgres from the ${name} tasks`,
      );
    }
    const migration = addMigrationRun(this, { cluster, migrateTask, subnets: vpc.selectSubnets(appSubnets), securityGroup: migrateSecurityGroup, logGroup });
    // The task needs the database, and the NAT routes to pull its image and read its secrets.
    migration.node.addDependency(database, vpc);
    webService.node.addDependency(migration);
    workerService.node.addDependency(migration);

    new CfnOutput(this, "SiteUrl", { value: siteOrigin });
    new CfnOutput(this, "LoadBalancerDnsName", { value: alb.loadBalancerDnsName });
    new CfnOutput(this, "BucketName", { value: bucket.bucketName });
    new CfnOutput(this, "RenderQueueUrl", { value: renderQueue.queueUrl });
    new CfnOutput(this, "DeadLetterQueueUrl", { value: deadLetterQueue.queueUrl });
    new CfnOutput(this, "DatabaseSecretArn", { value: databaseSecret.secretArn });
    new CfnOutput(this, "AdminPasswordSecretArn", { value: adminPassword.secretArn });
    new CfnOutput(this, "ClusterName", { value: cluster.clusterName });
    new CfnOutput(this, "WorkerServiceName", { value: workerService.serviceName });
  }
}
