export * from "./timeline";
