import {
  DEFAULT_AVERAGE_RENDER_SECONDS,
  DEFAULT_SCALE_IN_COOLDOWN_SECONDS,
  DEFAULT_SCALE_OUT_COOLDOWN_SECONDS,
  DEFAULT_TARGET_WAIT_SECONDS,
} from "./scaling";

// Every deploy-time setting of the stack, read from CDK context
// (`cdk deploy -c name=value`, or "context" in cdk.json), with its default.
// README "Deploy to AWS" lists them.

export type Settings = ReturnType<typeof readSettings>;

/** The retention periods CloudWatch Logs accepts, days. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

type Context = (name: string) => unknown;

export function readSettings(context: Context) {
  const text = (name: string, fallback = ""): string => {
    const value = context(name);
    return value === undefined || value === null ? fallback : String(value);
  };
  const number = (name: string, fallback: number, min = 0): number => {
    const raw = context(name);
    if (raw === undefined || raw === null || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min) throw new Error(`Context ${name} must be a number ≥ ${min} (got ${JSON.stringify(raw)})`);
    return value;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = context(name);
    if (raw === undefined || raw === null || raw === "") return fallback;
    if (raw === true || raw === "true") return true;
    if (raw === false || raw === "false") return false;
    throw new Error(`Context ${name} must be true or false (got ${JSON.stringify(raw)})`);
  };

  const settings = {
    /** Site's host name, e.g. video.example.com (needs certificateArn). Default: the load balancer's own name, over HTTP. */
    domainName: text("domainName"),
    /** ACM certificate for domainName, in the stack's region. Turns on HTTPS (and HTTP → HTTPS redirect). */
    certificateArn: text("certificateArn"),
    /** Web tasks: CPU units (1024 = 1 vCPU), memory MiB, and how many. */
    webCpu: number("webCpu", 512, 256),
    webMemoryMiB: number("webMemoryMiB", 1024, 512),
    webMinTasks: number("webMinTasks", 2, 2),
    webMaxTasks: number("webMaxTasks", 6, 2),
    /** Worker tasks: 2 vCPU / 4 GB each by default (one render at a time), between min and max. */
    workerCpu: number("workerCpu", 2048, 256),
    workerMemoryMiB: number("workerMemoryMiB", 4096, 512),
    workerMinTasks: number("workerMinTasks", 0, 0),
    workerMaxTasks: number("workerMaxTasks", 10, 1),
    /** The scaling rule (lib/scaling.ts). */
    targetWaitSeconds: number("targetWaitSeconds", DEFAULT_TARGET_WAIT_SECONDS, 1),
    averageRenderSeconds: number("averageRenderSeconds", DEFAULT_AVERAGE_RENDER_SECONDS, 1),
    scaleOutCooldownSeconds: number("scaleOutCooldownSeconds", DEFAULT_SCALE_OUT_COOLDOWN_SECONDS),
    scaleInCooldownSeconds: number("scaleInCooldownSeconds", DEFAULT_SCALE_IN_COOLDOWN_SECONDS),
    /** Render queue lease, seconds: the queue's visibility timeout and the worker's WORKER_VISIBILITY_SECONDS. */
    visibilityTimeoutSeconds: number("visibilityTimeoutSeconds", 60, 10),
    /** Minutes a worker keeps its task protected from scale-in while it renders (renewed per order). */
    workerProtectionMinutes: number("workerProtectionMinutes", 60, 1),
    /** Days finished videos and posters (renders/) are kept; 0 keeps them until deleted. */
    renderRetentionDays: number("renderRetentionDays", 0, 0),
    /** RDS instance class, storage GiB, Multi-AZ, and whether deleting the stack may delete the database. */
    dbInstanceType: text("dbInstanceType", "t4g.micro"),
    dbAllocatedStorageGiB: number("dbAllocatedStorageGiB", 20, 20),
    dbMultiAz: flag("dbMultiAz", false),
    dbDeletionProtection: flag("dbDeletionProtection", true),
    /** NAT gateways for the tasks' outbound traffic (SQS, Secrets Manager, ECR, logs); S3 goes through a free gateway endpoint. */
    natGateways: number("natGateways", 1, 1),
    /** Days CloudWatch keeps the containers' logs. */
    logRetentionDays: number("logRetentionDays", 30, 1),
    /** Email told when the dead-letter queue is not empty (optional). */
    alarmEmail: text("alarmEmail"),
    /** Prebuilt images (e.g. ECR URIs) instead of building Dockerfile.web / Dockerfile.worker on deploy. */
    webImage: text("webImage"),
    workerImage: text("workerImage"),
  };
  if (!LOG_RETENTION_DAYS.includes(settings.logRetentionDays)) {
    throw new Error(`Context logRetentionDays must be one of CloudWatch's: ${LOG_RETENTION_DAYS.join(", ")}`);
  }
  if (settings.domainName && !settings.certificateArn) throw new Error("Context domainName needs certificateArn (an ACM certificate for it)");
  if (settings.webMaxTasks < settings.webMinTasks) throw new Error("webMaxTasks must be ≥ webMinTasks");
  if (settings.workerMaxTasks < settings.workerMinTasks) throw new Error("workerMaxTasks must be ≥ workerMinTasks");
  return settings;
}
