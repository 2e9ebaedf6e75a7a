// 003: tables of the training area (training and employment). Reserved while the module is built: a no-op until then.
export default /* sql */ `
SELECT 1;
`;
