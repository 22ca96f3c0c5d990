package detect_test

import (
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
)

// TestProviderRowValueColumn: a vault's CSV or TSV export and a wiki's
// Markdown table list a secret a row, the provider's name in the name cell
// and the secret under a column named "value"; the provider's rule reads
// the cell when it has the rule's exact shape. A row whose name cell names
// something else of the provider's, a value of another shape, a header
// row, or a row outside any table is not its credential.
func TestProviderRowValueColumn(t *testing.T) {
	e := catalogueEngine(t)
	const uuid = "5d2c8e1a-6b3f-4a9d-8e7c-0b1a2c3d4e5f"
	const hex = "2748c9795f2efd6541e53639e312b8c4"
	checkProviderCases(t, e, []providerCase{
		{"vault.csv", "name,value,notes\npostmark," + uuid + ",prod server\n", "postmark-server-token"},
		{"export.csv", "name;value\npostmark;" + uuid + "\n", "postmark-server-token"},
		{"export.tsv", "name\tvalue\npepipost_prod\t" + hex + "\n", "pepipost-api-key"},
		{"secrets.csv", "\"Name\",\"Secret value\"\n\"Postmark server\",\"" + uuid + "\"\n", "postmark-server-token"},
		{"access.md", "| Name | Value | Notes |\n| --- | --- | --- |\n| Grafana | ask in #ops | |\n| POSTMARK | `" + uuid + "` | prod |\n", "postmark-server-token"},
		// Something else of the provider's, under the same columns.
		{"vault.csv", "name,value\npostmark_message_id," + uuid + "\n", ""},
		{"access.md", "| Name | Value |\n| --- | --- |\n| Postmark webhook | " + uuid + " |\n", ""},
		// A value of another shape, a column that is no value's.
		{"vault.csv", "name,value\npostmark,not-a-token-at-all\n", ""},
		{"vault.csv", "name,request\npostmark," + uuid + "\n", ""},
		// A provider keyword longer than its trimmed cell (Infobip's
		// `"App ` ends in a blank).
		{"vault.csv", "name,value\n\"App ,x\n", ""},
		// A row of a file that is no table.
		{"notes.txt", "name,value\npostmark," + uuid + "\n", ""},
	})
}

// providerCase is a file's text and the provider rule that must report a
// value in it ("": none may).
type providerCase struct{ file, text, rule string }

// checkProviderCases scans each case and compares the provider rule that
// reports in it, generic rules aside, with the case's.
func checkProviderCases(t *testing.T, e *detect.Engine, cases []providerCase) {
	t.Helper()
	for _, c := range cases {
		var got string
		for _, m := range e.NewScanner().ScanFile(c.file, []byte(c.text)) {
			if !m.Rule.Generic() {
				got = m.Rule.ID
			}
		}
		if got != c.rule {
			t.Errorf("%s: %q found %q, want %q", c.file, c.text, got, c.rule)
		}
	}
}

// TestTableCellLoneBacktick: a cell that is one backtick under a
// credential's column is an empty value, not a crash.
func TestTableCellLoneBacktick(t *testing.T) {
	e := catalogueEngine(t)
	for _, name := range []string{"vault.csv", "access.md"} {
		text := "Cred\n`\n"
		if name == "access.md" {
			text = "| Cred |\n|---|\n| ` |\n"
		}
		if ms := e.NewScanner().ScanFile(name, []byte(text)); len(ms) != 0 {
			t.Errorf("%s: %q found %v", name, text, ms)
		}
	}
}
