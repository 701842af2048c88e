/**
 * Reads CSV back as a spreadsheet program would, for the tests of the CSV the reports and
 * ledgers write: RFC 4180 (quoted fields, doubled quotes, CRLF line ends).
 */

/** The rows of an RFC 4180 CSV text, each a list of its fields. */
export const parseCsv = (text: string): Array<Array<string>> => {
  const rows: Array<Array<string>> = []
  let row: Array<string> = []
  let field = ""
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === "\"" && text[i + 1] === "\"") (field += "\"", i++)
      else if (c === "\"") quoted = false
      else field += c
    } else if (c === "\"") quoted = true
    else if (c === ",") (row.push(field), field = "")
    else if (c === "\r" && text[i + 1] === "\n") (row.push(field), rows.push(row), row = [], field = "", i++)
    else field += c
  }
  return rows
}
