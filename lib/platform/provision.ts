import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketCorsCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";

// Creates the bucket (with the CORS rule browsers need for presigned PUTs)
// and the render queue with its dead-letter queue, if missing. Safe to run
// on every start, against the emulator or AWS.

export type ProvisionResult = { queueUrl: string; deadLetterQueueUrl: string };

export async function ensureBucket(input: { s3: S3Client; bucket: string; allowedOrigins: string[] }): Promise<void> {
  const { s3, bucket } = input;
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: input.allowedOrigins,
            AllowedMethods: ["PUT", "GET", "HEAD"],
            AllowedHeaders: ["*"],
            ExposeHeaders: ["ETag"],
            MaxAgeSeconds: 3600,
          },
        ],
      },
    }),
  );
}

export async function ensureRenderQueues(input: {
  sqs: SQSClient;
  queueName: string;
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
}): Promise<ProvisionResult> {
  const { sqs, queueName } = input;
  const dead = await sqs.send(
    new CreateQueueCommand({ QueueName: `${queueName}-dlq`, Attributes: { MessageRetentionPeriod: "1209600" } }),
  );
  const deadArn = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dead.QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  const main = await sqs.send(
    new CreateQueueCommand({
      QueueName: queueName,
      Attributes: {
        VisibilityTimeout: String(input.visibilityTimeoutSeconds),
        MessageRetentionPeriod: "1209600",
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: deadArn.Attributes?.QueueArn,
          maxReceiveCount: input.maxReceiveCount,
        }),
      },
    }),
  );
  return { queueUrl: main.QueueUrl!, deadLetterQueueUrl: dead.QueueUrl! };
}
