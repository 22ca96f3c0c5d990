package detect_test

import (
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/testutil"
)

// TestValueQuotedWithEntities: JSON or an assignment written inside an
// HTML or XML attribute has its quotes escaped (&quot;, &#34;, &#x22;):
// a draw.io diagram's cell, an SVG's metadata, a data- attribute. The key
// and value so quoted are read as their decoded text reads.
func TestValueQuotedWithEntities(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	uuid := testutil.NewGen(75).UUID()
	for _, tc := range []struct{ file, text, secret, first string }{
		{"diagram.drawio", `<mxCell id="2" value="{&quot;postmark_token&quot;: &quot;` + uuid + `&quot;}" vertex="1"/>`, uuid, uuid[:8]},
		{"page.html", `<div data-config="{&quot;postmark_server_token&quot;:&quot;` + uuid + `&quot;}"></div>`, uuid, uuid[:8]},
		{"app.config", `<x>{&#34;postmark_token&#34;: &#34;` + uuid + `&#34;}</x>`, uuid, uuid[:8]},
		{"app.config", `<x>{&#x22;postmark_token&#x22;: &#x22;` + uuid + `&#x22;}</x>`, uuid, uuid[:8]},
		{"notes.txt", `password=&quot;Xk9#mPq2vLw7zR&quot;`, "Xk9#mPq2vLw7zR", "Xk9#"},
		{"notes.txt", `password=&apos;Xk9#mPq2vLw7zR&apos;`, "Xk9#mPq2vLw7zR", "Xk9#"},
	} {
		if found, ok := foundDecodedAt(s, tc.file, tc.text, tc.secret, detect.EncodingHTML, tc.first); !ok {
			t.Errorf("%s: %.70q: not found at the value (found %v)", tc.file, tc.text, found)
		}
	}
}

// TestValueQuotedTwoLevelsDown: JSON inside a string inside JSON has its
// quotes written \\\" : the value they quote is read.
func TestValueQuotedTwoLevelsDown(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	uuid := testutil.NewGen(77).UUID()
	for _, tc := range []struct{ text, secret, first string }{
		{`{"config": "{\\\"postmark_token\\\": \\\"` + uuid + `\\\"}"}`, uuid, uuid[:8]},
		{`{"config": "{\\\"password\\\": \\\"Xk9#mPq2vLw7zR\\\"}"}`, "Xk9#mPq2vLw7zR", "Xk9#"},
	} {
		if found, ok := foundDecodedAt(s, "state.json", tc.text, tc.secret, detect.EncodingBackslash, tc.first); !ok {
			t.Errorf("%.70q: not found at the value (found %v)", tc.text, found)
		}
	}
}

// TestQuoteInsideValueOpensNothing: a JSON value holding a backslash and
// a quote (written \\\") is read as the plain scan reads it: the escaped
// quote stands inside the value and opens none.
func TestQuoteInsideValueOpensNothing(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	for _, text := range []string{
		`{"Password": "saf\\\"fron_violet_crimson"}`,
		`{"Password": "5=*d#S(y\\\"N@C)Z-d2!,8g#}t"}`,
		`{"Password": "Xk9#(\\\"mPq2vLw7zR"}`,
	} {
		for _, m := range s.ScanFile("appsettings.json", []byte(text+"\n")) {
			if m.Encoding != "" {
				t.Errorf("%s: found in a decoded view (%s): %q", text, m.Encoding, m.Secret)
			}
		}
	}
}
