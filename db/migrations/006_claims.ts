// 006: tables of the claims area (subsidy claims). Reserved while the module is built: a no-op until then.
export default /* sql */ `
SELECT 1;
`;
