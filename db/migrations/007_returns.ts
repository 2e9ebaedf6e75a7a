// 007: tables of the returns area (consolidated returns). Reserved while the module is built: a no-op until then.
export default /* sql */ `
SELECT 1;
`;
