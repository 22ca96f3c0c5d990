package cli

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestExplainSiteInBrowser opens the generated remediation site in real
// headless Chromium: the index lists every rule, typing in the search box
// filters them, and a rule's page opens with its seven sections.
func TestExplainSiteInBrowser(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := run(t, "", "explain", "--all", "--format", "html", "--output", dir); code != 0 {
		t.Fatalf("writing the site: %s", stderr)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	rules, err := loadRules(&IO{Getenv: func(string) string { return "" }}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := testutil.Browser(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		must(err)
		return v
	}

	must(chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/index.html"), chromedp.WaitVisible(`#q`)))
	if total := eval(`String(document.querySelectorAll('tr.rule').length)`); total != strconv.Itoa(len(rules)) {
		t.Errorf("index lists %s rules, want %d", total, len(rules))
	}
	must(chromedp.Do(ctx, chromedp.SendKeys(`#q`, "postmark")))
	shown := eval(`Array.from(document.querySelectorAll('tr.rule:not([hidden]) code')).map(c => c.textContent).join(',')`)
	if shown != "postmark-account-token,postmark-server-token" {
		t.Errorf("search 'postmark' shows %q", shown)
	}
	count, err := chromedp.Run(ctx, chromedp.Text(`#count`))
	must(err)
	if !strings.HasPrefix(count, "2 of ") {
		t.Errorf("count line %q", count)
	}

	must(chromedp.Do(ctx, chromedp.Click(`a[href="rules/postmark-server-token.html"]`, chromedp.NodeVisible), chromedp.WaitVisible(`#practices`)))
	sections := strings.Split(eval(`Array.from(document.querySelectorAll('section h2')).map(h => h.textContent).join('|')`), "|")
	if len(sections) != 7 || !strings.HasPrefix(sections[0], "1. What it is") || !strings.HasPrefix(sections[6], "7. Best practices") {
		t.Errorf("rule page sections: %v", sections)
	}
}
