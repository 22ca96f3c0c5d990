package detect_test

import (
	"bytes"
	"testing"
)

// FuzzHandoverReaders scans arbitrary text as the files the handover
// readers look at (a chat, a CSV export, a Markdown or HTML table, a
// plist): no
// input may make them panic, and every finding's place must hold its
// secret as written.
func FuzzHandoverReaders(f *testing.F) {
	f.Add([]byte("alice: can you send me the postmark key?\nbob: sure: 5d2c8e1a-6b3f-4a9d-8e7c-0b1a2c3d4e5f\n"))
	f.Add([]byte("name;value\npostmark;5d2c8e1a-6b3f-4a9d-8e7c-0b1a2c3d4e5f\n"))
	f.Add([]byte("| Name | Value |\n|---|---|\n| `postmark` | `5d2c8e1a-6b3f-4a9d-8e7c-0b1a2c3d4e5f` |\n"))
	f.Add([]byte("<dict><key>ApiToken</key>\n<string>Xk29fjqP0zzLa8s7d6f5g4h3</string></dict>\n"))
	f.Add([]byte("<pepipost><key>2748c9795f2efd6541e53639e312b8c4</key>"))
	f.Add([]byte("gh secret set POSTMARK_TOKEN --body="))
	f.Add([]byte("name,value\n\"App ,x\n")) // a keyword ending in a blank
	f.Add([]byte("<table><tr><th>Service</th><th>Key</th></tr><tr><td>Postmark</td><td><code>5d2c8e1a-6b3f-4a9d-8e7c-0b1a2c3d4e5f</code></td></tr></table>"))
	f.Add([]byte("Cred\n`")) // a lone backtick under a credential's column
	e := catalogueEngine(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		s := e.NewScanner()
		for _, name := range []string{"chat.txt", "vault.csv", "access.md", "Config.plist", "wiki.html"} {
			for _, m := range s.ScanFile(name, data) {
				if m.Encoding != "" {
					continue // placed at the encoded text
				}
				if m.Start < 0 || m.End > len(data) || m.Start > m.End || !bytes.Contains(data[m.Start:m.End], []byte(m.Secret)) {
					t.Errorf("%s: %s at %d:%d does not hold its secret", name, m.Rule.ID, m.Start, m.End)
				}
			}
		}
	})
}
