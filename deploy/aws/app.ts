import { App } from "aws-cdk-lib";
import { ReelmakerStack } from "./lib/reelmaker-stack";
import { readSettings } from "./lib/settings";

// The CDK app: one stack, `Reelmaker` (or -c stackName=…), in the account
// and region of the AWS credentials in use (CDK_DEFAULT_ACCOUNT/REGION).
// Synthesizes offline: `npm run synth`.
const app = new App();
const settings = readSettings((name) => app.node.tryGetContext(name));
new ReelmakerStack(app, String(app.node.tryGetContext("stackName") ?? "Reelmaker"), {
  settings,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  description: "Reelmaker: web app, render workers, S3, SQS and Postgres (deploy/aws)",
});
app.synth();
