// 004: tables of the devices area (assistive devices). Reserved while the module is built: a no-op until then.
export default /* sql */ `
SELECT 1;
`;
