package cli

import (
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestOpenDocumentAndWorksheetTextIsScannedAcrossRuns: OpenDocument files
// (odt, ods), Excel worksheets' inline strings and cell notes cut text
// into spans and runs as Word does, and were scanned as raw XML, tags
// between a token's pieces: exit 0. Their text parts are read as text now, and a
// content.xml that is no OpenDocument part is still read as it is.
func TestOpenDocumentAndWorksheetTextIsScannedAcrossRuns(t *testing.T) {
	tok := testutil.NewGen(813).GitHubToken("ghp_")
	a, b := tok[:11], tok[11:]
	odt := `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"><office:body><office:text>` +
		`<text:p text:style-name="P1">GITHUB_TOKEN=<text:span text:style-name="T1">` + a + `</text:span>` + b + `</text:p></office:text></office:body></office:document-content>`
	ods := `<office:document-content><office:body><office:spreadsheet><table:table><table:table-row>` +
		`<table:table-cell><text:p>GITHUB_TOKEN</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>` +
		a + `<text:span text:style-name="T2">` + b + `</text:span></text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`
	sheet := `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>GITHUB_TOKEN</t></is></c><c r="B1" t="inlineStr"><is><r><t>` +
		a + `</t></r><r><rPr><b/></rPr><t>` + b + `</t></r></is></c></row></sheetData></worksheet>`
	foundAt(t, map[string]string{
		"notes.odt": string(testutil.Zip(t, testutil.M("mimetype", "application/vnd.oasis.opendocument.text"), testutil.M("content.xml", odt))),
		"keys.ods":  string(testutil.Zip(t, testutil.M("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), testutil.M("content.xml", ods))),
		"keys.xlsx": string(testutil.Zip(t, testutil.M("[Content_Types].xml", "<Types/>"), testutil.M("xl/worksheets/sheet1.xml", sheet))),
		// A cell's note, cut into runs the same way.
		"noted.xlsx": string(testutil.Zip(t, testutil.M("xl/comments1.xml", `<comments><commentList><comment ref="B1"><text><r><t>GITHUB_TOKEN=`+a+`</t></r><r><rPr><b/></rPr><t>`+b+`</t></r></text></comment></commentList></comments>`))),
		// Not OpenDocument: scanned as written, its tags kept.
		"site.zip": string(testutil.Zip(t, testutil.M("content.xml", "<config><token>"+tok+"</token></config>"))),
	}, tok, ExitFindings, "notes.odt!content.xml", "keys.ods!content.xml", "keys.xlsx!xl/worksheets/sheet1.xml",
		"noted.xlsx!xl/comments1.xml", "site.zip!content.xml")

}
