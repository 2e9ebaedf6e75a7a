// exceljs's streaming writer on its own. The package's entry also loads its readers (unzipper
// and the modules under it): three times the code to load before a first export can start.
declare module 'exceljs/lib/stream/xlsx/workbook-writer' {
  import type ExcelJS from 'exceljs';
  const WorkbookWriter: typeof ExcelJS.stream.xlsx.WorkbookWriter;
  export default WorkbookWriter;
}
