/**
 * The worksheet rows decoded from exceljs's SAX events (xlsxSheetRows.ts) against exceljs's own
 * Row objects (`exceljsRows`): the same raw cells and row numbers for every kind of cell, in
 * workbooks written by exceljs and in one written by hand with XML that other programs write.
 */
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { xlsxRows } from '../../../app/import/xlsxSource';
import type { RawCell } from '../../../app/import/types';
import { storedZip } from './storedZip';
import { TempFiles } from './fileHelpers';

const temp = new TempFiles();
afterAll(() => temp.remove());

async function rowsOf(path: string, sheet: string | undefined, exceljsRows: boolean): Promise<{ numbers: number[]; rows: RawCell[][] }> {
  const numbers: number[] = [];
  const rows: RawCell[][] = [];
  for await (const chunk of xlsxRows(path, { sheet, exceljsRows })) {
    numbers.push(...chunk.rowNumbers);
    rows.push(...chunk.rows);
  }
  return { numbers, rows };
}

/**
 * The rows both ways, expected equal except at `formulaResults` ([row index, column index]): formulas
 * whose cached result is falsy, which exceljs reads as empty (see xlsxSheetRows.ts) and the decoder
 * as the result. Those cells are returned as decoded.
 */
async function expectSameRows(path: string, sheet?: string, formulaResults: [number, number][] = []): Promise<{ numbers: number[]; rows: RawCell[][] }> {
  const viaRows = await rowsOf(path, sheet, true);
  const decoded = await rowsOf(path, sheet, false);
  const adjusted = { numbers: decoded.numbers, rows: decoded.rows.map((cells) => [...cells]) };
  for (const [row, column] of formulaResults) {
    expect(viaRows.rows[row][column]).toBeNull();
    adjusted.rows[row][column] = null;
  }
  expect(adjusted).toEqual(viaRows);
  return decoded;
}

describe('worksheet rows decoded from SAX events, as exceljs reads them', () => {
  it('agrees with exceljs on every kind of cell exceljs writes, in both date systems', async () => {
    for (const date1904 of [false, true]) {
      const workbook = new ExcelJS.Workbook();
      workbook.properties.date1904 = date1904;
      const sheet = workbook.addWorksheet('Cells');
      sheet.addRow(['text', 12.5, -3, 0, new Date(Date.UTC(2024, 1, 29, 13, 45)), true, false, null, 'after a gap']);
      sheet.addRow([{ richText: [{ text: 'rich ' }, { font: { bold: true }, text: 'text' }] }, { formula: 'B1*2', result: 25 }, { formula: 'A1', result: 'text' },
        { formula: 'E1+1', result: new Date(Date.UTC(2024, 2, 1)) }, { sharedFormula: 'B2', result: 7 }, { formula: 'NA()', result: { error: '#N/A' } }, { formula: 'B1-B1', result: 0 }]);
      sheet.addRow([{ error: '#DIV/0!' }, { text: 'a link', hyperlink: 'https://example.com' }, '  padded  ', '0012', '', 'x & <y> "z"']);
      sheet.addRow([]);
      sheet.getRow(7).values = [null, 'row 7 after empty rows', { formula: 'B7' }];
      const dated = sheet.addRow([new Date(Date.UTC(1999, 11, 31)), 45000, 0.5]);
      dated.getCell(2).numFmt = 'dd/mm/yyyy';
      dated.getCell(3).numFmt = '[h]:mm';
      sheet.addRow([1, 2, 3]).getCell(1).numFmt = '0.00%';
      workbook.addWorksheet('Second').addRow(['another', 'sheet']);
      const path = temp.write(`kinds-${date1904}.xlsx`, new Uint8Array(await workbook.xlsx.writeBuffer()));
      const { numbers, rows } = await expectSameRows(path, undefined, [[1, 5], [1, 6]]);
      expect(numbers).toEqual([1, 2, 3, 7, 8, 9]);
      // A formula that computed 0 is 0 (exceljs: empty); one that computed an error is not a number.
      expect(rows[1].slice(5)).toEqual([NaN, 0]);
      expect(rows[0]).toEqual(['text', 12.5, -3, 0, new Date(Date.UTC(2024, 1, 29, 13, 45)), true, false, null, 'after a gap']);
      expect(rows[1].slice(0, 2)).toEqual(['rich text', 25]);
      expect(rows[3]).toEqual([null, 'row 7 after empty rows', null]);
      expect(rows[4][1]).toEqual(new Date(Date.UTC(2023, 2, 15) + (date1904 ? 1462 * 86_400_000 : 0)));
      await expectSameRows(path, 'Second');
    }
  });

  it('agrees with exceljs on XML written by other programs', async () => {
    const sheetXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <sheetData>
    <row r="1">
      <c r="A1" t="s"><v>0</v></c>
      <c r="B1" t="s"><v>1</v></c>
      <c r="C1" t="inlineStr"><is><t>inline &amp;amp; text</t></is></c>
      <c r="D1" t="inlineStr"><is><r><t>two </t></r><r><t>runs</t></r></is></c>
    </row>
    <row r="2" spans="1:6"><c r="A2" s="1"><v>45351.5</v></c><c r="B2" s="0"><v>45351</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#REF!</v></c><c r="E2" t="str"><f>A1</f><v>x &amp;lt; y</v></c><c r="F2"><f>1/0</f><v>#DIV/0!</v></c></row>
    <row r="3"><c r="A3"/><c r="B3" s="1"/><c r="C3" t="s"><v>2</v></c><c r="C3"><v>9</v></c><c r="E3"><v>1.5E3</v></c><c r="F3"><v></v></c></row>
    <row r="5"/>
    <row r="6"><c r="A6"><v>6</v></c><c r="B6" t="s"><v>99</v></c></row>
  </sheetData>
</worksheet>`;
    const path = temp.write('handwritten.xlsx', storedZip({
      '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
      '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      'xl/styles.xml': `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
      'xl/sharedStrings.xml': `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>SKU</t></si><si><r><t>Rich </t></r><r><rPr><b/></rPr><t>header</t></r></si><si><t xml:space="preserve"> spaced </t></si></sst>`,
      'xl/worksheets/sheet1.xml': sheetXml,
    }));
    const { numbers, rows } = await expectSameRows(path, undefined, [[1, 5]]);
    expect(numbers).toEqual([1, 2, 3, 5, 6]);
    expect(rows[1][5]).toBeNaN();
    expect(rows[0].slice(0, 2)).toEqual(['SKU', 'Rich header']);
    expect(rows[1][0]).toBeInstanceOf(Date);
    expect(rows[1].slice(1, 4)).toEqual([45351, true, '#REF!']);
    expect(rows[3]).toEqual([]);
  });
});
