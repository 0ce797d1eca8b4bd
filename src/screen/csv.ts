/**
 * A small RFC 4180 CSV reader: quoted fields with commas, doubled quotes and line breaks,
 * CRLF or LF, a trailing DOS end-of-file byte (0x1A, present in OFAC files). Private to
 * screening; it yields each row with the line it started on, for reject reports.
 */

export interface CsvRow {
  fields: string[];
  line: number;
}

export function* parseCsv(text: string): Generator<CsvRow> {
  const n = text.length;
  let i = 0;
  let line = 1;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte order mark
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let done = false;
    while (!done) {
      if (i >= n) {
        fields.push(field);
        break;
      }
      let c = text[i]!;
      if (c === '"' && field.trim() === '') {
        // quoted field
        field = '';
        i++;
        while (i < n) {
          c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        // text after the closing quote up to the separator is kept (lenient)
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
        continue;
      }
      if (c === ',') {
        fields.push(field);
        field = '';
        i++;
      } else if (c === '\r' || c === '\n') {
        fields.push(field);
        if (c === '\r' && text[i + 1] === '\n') i++;
        i++;
        line++;
        done = true;
      } else {
        field += c;
        i++;
      }
    }
    // skip blank lines and the DOS end-of-file marker
    if (fields.length === 1 && (fields[0] === '' || fields[0] === '\x1a')) continue;
    yield { fields, line: start };
  }
}
