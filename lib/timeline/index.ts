export * from "./timeline";
export * from "./transitions";
export * from "./fonts";
export * from "./caption";
export * from "./blur-fit";
export * from "./beat-snap";
export * from "./beats";
export * from "./framing";
