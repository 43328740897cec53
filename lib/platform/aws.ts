import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { getConfig } from "./config";

// Credentials come from the SDK's default chain (env, profile, instance role).
let s3: S3Client | undefined;
let sqs: SQSClient | undefined;

export function getS3(): S3Client {
  const config = getConfig();
  s3 ??= new S3Client({
    region: config.region,
    endpoint: config.s3Endpoint,
    // Emulators and most S3-compatible services want path-style URLs.
    forcePathStyle: Boolean(config.s3Endpoint),
    // Otherwise presigned PUTs carry the CRC32 of an empty body, which S3
    // then checks against the photo the browser sends.
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
  return s3;
}

export function getSqs(): SQSClient {
  const config = getConfig();
  sqs ??= new SQSClient({ region: config.region, endpoint: config.sqsEndpoint });
  return sqs;
}
