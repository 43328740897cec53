// Refuses to run against anything but the local stack: the e2e suite
// creates orders and must never touch a real database or bucket.
export default function assertLocalStack() {
  for (const name of ["DATABASE_URL", "S3_BUCKET", "SQS_QUEUE_URL"]) {
    const value = process.env[name];
    if (value && !/127\.0\.0\.1|localhost/.test(value)) {
      throw new Error(`e2e tests refuse to run with ${name} pointing at ${value.split("@").pop()}; unset it`);
    }
  }
}
