package detect_test

import "testing"

// TestTableColumnsNameTheirCells: a credential name that is a whole header
// cell of a Markdown table, or of a CSV file's first line, names the cells
// below it; placeholders there, other columns, and tables whose header
// only mentions a password in a sentence give nothing.
func TestTableColumnsNameTheirCells(t *testing.T) {
	e := catalogueEngine(t)
	cases := []struct {
		name, file, text string
		want             []string // secrets, in order
	}{
		{"markdown", "runbook.md", "## Staging\n\n| Service | Username | Password |\n|---|:---:|---|\n| Admin panel | admin | Hv8#qLm2Rz5!pW |\n| Database | app_rw | `Nq4$tY7vB1xK9d` |\n\nMore text.\n", []string{"Hv8#qLm2Rz5!pW", "Nq4$tY7vB1xK9d"}},
		{"markdown without outer pipes", "notes.md", "Host | API Key\n--- | ---\nbilling | k7Qz2Lm9xR4vW8pN3tY6\n", []string{"k7Qz2Lm9xR4vW8pN3tY6"}},
		{"csv", "export/accounts.csv", "service,username,password,notes\nadmin panel,admin,Hv8#qLm2Rz5!pW,prod\ndb,app_rw,\"Nq4$tY7vB1xK9d\",\n", []string{"Hv8#qLm2Rz5!pW", "Nq4$tY7vB1xK9d"}},
		{"tsv", "accounts.tsv", "user\tpassword\nops\tZx8!vQ3mLp7Rw2\n", []string{"Zx8!vQ3mLp7Rw2"}},
		{"placeholders", "README.md", "| Name | Password |\n|------|----------|\n| admin | `<your password>` |\n| ops | ******** |\n| ci | $CI_PASSWORD |\n| web | yes |\n", nil},
		{"a sentence in the header", "README.md", "| Option | Sets the password of the admin user |\n|---|---|\n| --admin | Hv8#qLm2Rz5!pW |\n", nil},
		{"a heading cell, not a table", "README.md", "| Password |\nHv8#qLm2Rz5!pW\n", nil},
		{"csv header only in the first line", "data.csv", "id,name\n1,password\n2,Hv8#qLm2Rz5!pW\n", nil},
		{"not a csv file", "data.txt", "service,username,password\nadmin panel,admin,Hv8#qLm2Rz5!pW\n", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, m := range e.NewScanner().ScanFile(c.file, []byte(c.text)) {
				got = append(got, m.Secret)
			}
			if len(got) != len(c.want) {
				t.Fatalf("found %q, want %q", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("found %q, want %q", got, c.want)
				}
			}
		})
	}
}
