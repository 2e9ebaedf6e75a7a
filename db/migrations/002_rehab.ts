// 002: tables of the rehab area (child rehabilitation). Reserved while the module is built: a no-op until then.
export default /* sql */ `
SELECT 1;
`;
