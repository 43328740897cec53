// Stands in for the "server-only" package under Vitest (tests run outside the react-server condition).
export {};
