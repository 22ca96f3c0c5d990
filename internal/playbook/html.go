package playbook

import (
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/leakhound/leakhound/internal/rule"
)

const style = `
:root{--fg:#1d2330;--muted:#5b6475;--line:#e3e6ec;--accent:#b4232c;--bg:#fafbfc;--code:#f2f4f7}
*{box-sizing:border-box}body{margin:0;font:16px/1.55 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{background:#141a26;color:#fff;padding:14px 28px}header a{color:#fff;text-decoration:none;font-weight:600}
main{max-width:980px;margin:0 auto;padding:24px 28px 64px}h1{font-size:28px;margin:8px 0}h2{font-size:20px;margin:36px 0 8px;border-bottom:1px solid var(--line);padding-bottom:6px}
h3{font-size:16px;margin:22px 0 6px}.meta{color:var(--muted)}.sev{display:inline-block;padding:1px 8px;border-radius:10px;font-size:13px;font-weight:600;color:#fff;background:#8a94a6}
.sev.critical{background:#b4232c}.sev.high{background:#d9622b}.sev.medium{background:#c9a227;color:#1d2330}.sev.low{background:#6b8f71}
pre{background:var(--code);padding:12px 14px;border-radius:6px;overflow:auto;font-size:13.5px}code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
.note{color:var(--muted);font-style:italic}details{margin:6px 0}summary{cursor:pointer;font-weight:600}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
input[type=search]{width:100%;padding:10px 12px;font-size:16px;border:1px solid var(--line);border-radius:6px;margin:8px 0 18px}
.count{color:var(--muted);font-size:14px}
`

// The pages are parsed when first written, not when the binary starts:
// every command, a pre-commit scan too, would pay for them.
var pageTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Funcs(template.FuncMap{
		"add":      func(a, b int) int { return a + b },
		"store":    StoreName,
		"language": LanguageName,
		"stores":   func() []string { return Stores },
		"place":    Place,
	}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{.Rule.Name}} leaked: what to do · leakhound</title><style>` + style + `</style></head>
<body><header><a href="{{.Home}}">leakhound · secret remediation</a></header><main>
<h1>{{.Rule.Name}} leaked: what to do</h1>
<p class="meta"><code>{{.Rule.ID}}</code> · {{.Rule.ProviderName}} · <span class="sev {{.Rule.Severity}}">{{.Rule.Severity}}</span></p>
{{range $i, $s := .Sections}}<section id="{{$s.ID}}"><h2>{{add $i 1}}. {{$s.Title}}</h2>
{{range $s.Text}}<p>{{.}}</p>{{end}}
{{if $s.Items}}<ul>{{range $s.Items}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{if $s.Steps}}<ol>{{range $s.Steps}}<li>{{.}}</li>{{end}}</ol>{{end}}
{{range $s.Inventory}}<h3>Secret <code>{{.Preview}}</code> <span class="meta">fingerprint {{.Fingerprint}}</span></h3>
<ul>{{range .Places}}<li><code>{{place .}}</code></li>{{end}}</ul>{{end}}
{{if $s.Note}}<p class="note">{{$s.Note}}</p>{{end}}
{{if $s.Snippets}}{{range $store := stores}}<h3>{{store $store}}</h3>
{{range $s.Snippets}}{{if eq .Store $store}}<details{{if eq .Language "go"}} open{{end}}><summary>{{language .Language}}</summary><pre><code>{{.Code}}</code></pre></details>{{end}}{{end}}{{end}}{{end}}
</section>{{end}}
</main></body></html>
`))
})

type pageData struct {
	*Guide
	Home string
}

// WriteHTML renders one guide as a standalone page.
func WriteHTML(w io.Writer, g *Guide) error {
	return pageTemplate().Execute(w, pageData{Guide: g, Home: "index.html"})
}

var indexTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Leaked secret remediation · leakhound</title><style>` + style + `</style></head>
<body><header><a href="index.html">leakhound · secret remediation</a></header><main>
<h1>A secret leaked. What now?</h1>
<p class="meta">{{len .Rules}} kinds of credentials from {{.Providers}} providers: what each grants, how to check for misuse, how to revoke and rotate it without breaking services, and how to keep it out of code.</p>
<h2>Coverage by category</h2>
<table id="coverage"><tr><th>Category</th><th>Rules</th><th>Providers</th><th>With a validity check</th></tr>
{{range .Coverage}}<tr class="cov"><td><a href="#cat-{{.Category}}">{{.Category}}</a></td><td>{{.Rules}}</td><td>{{.Providers}}</td><td>{{.Validated}}</td></tr>
{{end}}<tr class="total"><th>All</th><th>{{.Totals.Rules}}</th><th>{{.Totals.Providers}}</th><th>{{.Totals.Validated}}</th></tr></table>
<h2>Find a credential</h2>
<input type="search" id="q" placeholder="Search a provider, credential or rule id (e.g. postmark)" autofocus>
<p class="count" id="count"></p>
{{range .Categories}}<section class="category" id="cat-{{.Name}}"><h2>{{.Name}}</h2><table>
{{range .Rules}}<tr class="rule" data-text="{{.Search}}"><td><a href="rules/{{.ID}}.html">{{.Name}}</a></td><td><code>{{.ID}}</code></td><td>{{.Provider}}</td><td><span class="sev {{.Severity}}">{{.Severity}}</span></td></tr>
{{end}}</table></section>{{end}}
<script>
const q = document.getElementById('q'), count = document.getElementById('count');
function filter() {
  const terms = q.value.toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  document.querySelectorAll('tr.rule').forEach(tr => {
    const hit = terms.every(t => tr.dataset.text.includes(t));
    tr.hidden = !hit; if (hit) shown++;
  });
  document.querySelectorAll('section.category').forEach(s => {
    s.hidden = !s.querySelector('tr.rule:not([hidden])');
  });
  count.textContent = shown + ' of {{len .Rules}} rules';
}
q.addEventListener('input', filter); filter();
</script>
</main></body></html>
`))
})

type indexRule struct {
	ID, Name, Provider, Severity, Search string
}

type indexCategory struct {
	Name  string
	Rules []indexRule
}

// WriteSite writes index.html and rules/<id>.html for every rule into dir.
// The index opens with the coverage by category: rules, providers and
// rules with a validity check.
func WriteSite(dir string, rules []*rule.Rule) error {
	if err := os.MkdirAll(filepath.Join(dir, "rules"), 0o755); err != nil {
		return err
	}
	byCat := map[string][]indexRule{}
	for _, r := range rules {
		g, err := Build(r, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", r.ID, err)
		}
		if err := writeFile(filepath.Join(dir, "rules", r.ID+".html"), func(w io.Writer) error {
			return pageTemplate().Execute(w, pageData{Guide: g, Home: "../index.html"})
		}); err != nil {
			return err
		}
		cat := r.Category
		if cat == "" {
			cat = "other"
		}
		byCat[cat] = append(byCat[cat], indexRule{
			ID: r.ID, Name: r.Name, Provider: r.ProviderName, Severity: r.Severity,
			Search: strings.ToLower(strings.Join([]string{r.ID, r.Name, r.ProviderName, cat, r.Playbook.EnvVar}, " ")),
		})
	}
	var cats []indexCategory
	for name, rs := range byCat {
		sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
		cats = append(cats, indexCategory{Name: name, Rules: rs})
	}
	sort.Slice(cats, func(i, j int) bool { return cats[i].Name < cats[j].Name })
	totals, coverage := rule.Count(rules)
	return writeFile(filepath.Join(dir, "index.html"), func(w io.Writer) error {
		return indexTemplate().Execute(w, struct {
			Rules      []*rule.Rule
			Providers  int
			Categories []indexCategory
			Totals     rule.Totals
			Coverage   []rule.CategoryTotals
		}{rules, totals.Providers, cats, totals, coverage})
	})
}

func writeFile(path string, render func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := render(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
