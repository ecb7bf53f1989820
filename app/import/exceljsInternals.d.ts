/**
 * The parts of exceljs 4's streaming reader that xlsxSheetRows.ts uses below its Row/Cell object
 * model (plain CommonJS files of the package; it declares no `exports`, so they are importable).
 */
declare module 'exceljs/lib/utils/parse-sax.js' {
  export type SaxEvent =
    | { eventType: 'opentag'; value: { name: string; attributes: Record<string, string> } }
    | { eventType: 'closetag'; value: { name: string } }
    | { eventType: 'text'; value: string };
  /** saxes over the chunks of a zip entry: the events of each chunk as one array. */
  export default function parseSax(chunks: AsyncIterable<unknown>): AsyncGenerator<SaxEvent[]>;
}

declare module 'exceljs/lib/utils/utils.js' {
  const utils: {
    xmlDecode(text: string): string;
    isDateFmt(format: string | undefined): boolean;
    excelToDate(serial: number, date1904?: boolean): Date;
  };
  export default utils;
}
