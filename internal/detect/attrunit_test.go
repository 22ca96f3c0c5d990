package detect_test

import (
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestAssignmentInsideAnAttribute: an attribute's value that is itself
// configuration (a connection string, a JSON object) quotes its value with
// &quot; or, inside single quotes, with plain quotes; read as markup the
// inner quotes close the attribute's, and the value was reported clean.
// Each is found, at the value itself; words in such an attribute are not.
func TestAssignmentInsideAnAttribute(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	g := testutil.NewGen(53)
	v := g.String(testutil.Base62, 20)
	for name, text := range map[string]string{
		"web.config":  `<add key="conn" value="password=&quot;` + v + `&quot;" />`,
		"app.xml":     `<add key="conn" value="Server=db;password=&#34;` + v + `&#34;" />`,
		"index.html":  `<div data-config='{"apiKey": "` + v + `"}'></div>`,
		"page.html":   `<div data-config="{&quot;apiKey&quot;: &quot;` + v + `&quot;}"></div>`,
		"layout.html": `<input value='password="` + v + `"'>`,
	} {
		data := []byte(text + "\n")
		found := false
		for _, m := range s.ScanFile(name, data) {
			if m.Secret == v {
				found = true
				if got := string(data[m.Start:m.End]); got != v {
					t.Errorf("%s: placed at %q, not at the value", name, got)
				}
			}
		}
		if !found {
			t.Errorf("%s: the value assigned inside the attribute was not found: %s", name, text)
		}
	}
	words := `<p title="note=&quot;see the guide&quot;" data-x='{"label": "Sign in to continue"}'>` + strings.Repeat("x", 3) + "</p>\n"
	if ms := s.ScanFile("page.html", []byte(words)); len(ms) != 0 {
		t.Errorf("words in an attribute reported: %q", ms[0].Secret)
	}
}
