import { DescribeTasksCommand, RunTaskCommand } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { isComplete, onEvent } from "../migration-runner/index.mjs";

// The custom resource handlers that run the migration task on deploy, with a
// stand-in ECS client (the real one needs an AWS account).

const properties = { Cluster: "arn:cluster", TaskDefinition: "arn:taskdef:7", Container: "migrate", Subnets: ["s1", "s2"], SecurityGroups: ["sg1"] };

function fakeEcs(answer: (command: unknown) => unknown) {
  const sent: unknown[] = [];
  return { sent, send: async (command: unknown) => (sent.push(command), answer(command)) };
}

describe("onEvent", () => {
  it("starts the migration task on create and update, in the app subnets without a public address", async () => {
    for (const RequestType of ["Create", "Update"]) {
      const ecs = fakeEcs(() => ({ tasks: [{ taskArn: "arn:task/1" }] }));
      await expect(onEvent({ RequestType, ResourceProperties: properties }, ecs)).resolves.toEqual({ PhysicalResourceId: "arn:task/1", Data: { TaskArn: "arn:task/1" } });
      const [command] = ecs.sent as RunTaskCommand[];
      expect(command).toBeInstanceOf(RunTaskCommand);
      expect(command.input).toMatchObject({
        cluster: "arn:cluster",
        taskDefinition: "arn:taskdef:7",
        launchType: "FARGATE",
        networkConfiguration: { awsvpcConfiguration: { subnets: ["s1", "s2"], securityGroups: ["sg1"], assignPublicIp: "DISABLED" } },
      });
    }
  });

  it("fails the deploy when the task cannot start, and does nothing on delete", async () => {
    const refusing = fakeEcs(() => ({ tasks: [], failures: [{ reason: "RESOURCE:MEMORY" }] }));
    await expect(onEvent({ RequestType: "Create", ResourceProperties: properties }, refusing)).rejects.toThrow(/RESOURCE:MEMORY/);
    const untouched = fakeEcs(() => ({}));
    await expect(onEvent({ RequestType: "Delete", PhysicalResourceId: "arn:task/1", ResourceProperties: properties }, untouched)).resolves.toEqual({ PhysicalResourceId: "arn:task/1" });
    expect(untouched.sent).toEqual([]);
  });
});

describe("isComplete", () => {
  const event = { RequestType: "Create", PhysicalResourceId: "arn:task/1", ResourceProperties: properties };
  const describing = (task: unknown) => fakeEcs((command) => (expect(command).toBeInstanceOf(DescribeTasksCommand), { tasks: task ? [task] : [] }));

  it("waits while the task runs, and succeeds when the migrate container exited 0", async () => {
    await expect(isComplete(event, describing({ lastStatus: "RUNNING" }))).resolves.toEqual({ IsComplete: false });
    await expect(isComplete(event, describing({ lastStatus: "STOPPED", containers: [{ name: "migrate", exitCode: 0 }] }))).resolves.toEqual({ IsComplete: true });
  });

  it("fails with the reason when the migrations failed, the container never ran, or the task is gone", async () => {
    await expect(isComplete(event, describing({ lastStatus: "STOPPED", containers: [{ name: "migrate", exitCode: 1 }] }))).rejects.toThrow(/exit 1/);
    await expect(
      isComplete(event, describing({ lastStatus: "STOPPED", stoppedReason: "CannotPullContainerError", containers: [{ name: "migrate" }] })),
    ).rejects.toThrow(/CannotPullContainerError/);
    await expect(isComplete(event, describing(null))).rejects.toThrow(/not found/);
  });
});
