import { describe, expect, it } from "vitest";
import { isMetricsAuthorized } from "./metrics";

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString("base64")}`;

describe("isMetricsAuthorized", () => {
  it.each<[string, string | null, { adminPassword?: string; metricsToken?: string }, boolean]>([
    ["the admin credential", basic("admin:pw"), { adminPassword: "pw" }, true],
    ["the metrics token", "Bearer tok", { adminPassword: "pw", metricsToken: "tok" }, true],
    ["a wrong token", "Bearer tik", { adminPassword: "pw", metricsToken: "tok" }, false],
    ["a token prefix", "Bearer to", { metricsToken: "tok" }, false],
    ["the token as Basic", basic("admin:tok"), { metricsToken: "tok" }, false],
    ["an empty bearer with no token set", "Bearer ", {}, false],
    ["nothing", null, { adminPassword: "pw", metricsToken: "tok" }, false],
  ])("%s → %s", (_name, header, config, expected) => {
    expect(isMetricsAuthorized(header, config)).toBe(expected);
  });
});
