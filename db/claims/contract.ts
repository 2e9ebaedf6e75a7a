// The claims area's part of the contract (calls are added here as the module is built).
export const claimsCalls = {};
