// Package playbook turns a rule's playbook data into the remediation guide
// that `leakhound explain` prints: what the credential is, the risks, how
// to check for misuse, how to rotate it, what will break, how to keep it
// out of code (working snippets) and best practices. Text shared by every
// provider lives here, so the catalogue only holds what is specific.
package playbook

import (
	"bytes"
	"embed"
	"fmt"
	"path"
	"sort"
	"strings"
	"text/template"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/rule"
)

// Guide is the rendered-to-data playbook of one rule.
type Guide struct {
	Rule     *rule.Rule
	Sections []Section
}

// Section is one numbered part of a guide.
type Section struct {
	ID    string
	Title string
	Text  []string // paragraphs
	Items []string // a list after the paragraphs
	Steps []string // a numbered list
	// Inventory (section 5) groups the places where each secret of this
	// rule was found in a report.
	Inventory []Secret
	// Snippets (section 6) is code by store, then language.
	Snippets []Snippet
	// Note is shown in a muted style (for example how to get an inventory).
	Note string
}

// Secret is one leaked secret and every place a report found it.
type Secret struct {
	Fingerprint string
	Preview     string
	Places      []finding.Finding
}

// Snippet is a working example that reads the credential from a store.
type Snippet struct {
	Store    string // env, aws, vault, conjur
	Language string // go, python, node, java, ruby
	Code     string
}

// Stores and Languages are the snippet matrix, in display order.
var (
	Stores    = []string{"env", "aws", "vault", "conjur"}
	Languages = []string{"go", "python", "node", "java", "ruby"}
)

// StoreName is the heading of a store's snippets.
func StoreName(store string) string {
	switch store {
	case "env":
		return "Environment variable"
	case "aws":
		return "AWS Secrets Manager"
	case "vault":
		return "HashiCorp Vault (KV v2)"
	case "conjur":
		return "CyberArk Conjur"
	}
	return store
}

// LanguageName is the label of a snippet's language.
func LanguageName(lang string) string {
	switch lang {
	case "go":
		return "Go"
	case "python":
		return "Python"
	case "node":
		return "JavaScript (Node.js)"
	case "java":
		return "Java"
	case "ruby":
		return "Ruby"
	}
	return lang
}

//go:embed snippets
var snippetFS embed.FS

// SnippetVars are what snippet templates may use.
type SnippetVars struct {
	EnvVar    string // POSTMARK_SERVER_TOKEN
	SecretID  string // prod/postmark-server-token (AWS, Conjur)
	VaultPath string // prod/postmark (KV v2 path under secret/)
	JavaClass string // ReadPostmarkServerToken
}

// VarsFor names where the rule's credential is kept in each store.
func VarsFor(r *rule.Rule) SnippetVars {
	env := r.Playbook.EnvVar
	if env == "" {
		env = strings.ToUpper(strings.ReplaceAll(r.ID, "-", "_"))
	}
	class := "Read"
	for _, part := range strings.Split(strings.ToLower(env), "_") {
		if part != "" {
			class += strings.ToUpper(part[:1]) + part[1:]
		}
	}
	return SnippetVars{EnvVar: env, SecretID: "prod/" + r.ID, VaultPath: "prod/" + r.Provider, JavaClass: class}
}

// Snippets renders the whole matrix for a rule.
func Snippets(r *rule.Rule) ([]Snippet, error) {
	vars := VarsFor(r)
	var out []Snippet
	for _, store := range Stores {
		for _, lang := range Languages {
			src, err := snippetFS.ReadFile(path.Join("snippets", lang, store+".tmpl"))
			if err != nil {
				return nil, err
			}
			t, err := template.New(lang + "/" + store).Option("missingkey=error").Parse(string(src))
			if err != nil {
				return nil, err
			}
			var b bytes.Buffer
			if err := t.Execute(&b, vars); err != nil {
				return nil, err
			}
			out = append(out, Snippet{Store: store, Language: lang, Code: b.String()})
		}
	}
	return out, nil
}

// Build assembles the seven sections for a rule. report, when not nil,
// holds the findings of a scan, for the inventory of section 5.
func Build(r *rule.Rule, report []finding.Finding) (*Guide, error) {
	pb := r.Playbook
	snippets, err := Snippets(r)
	if err != nil {
		return nil, err
	}
	vars := VarsFor(r)
	g := &Guide{Rule: r}
	about := []string{pb.About}
	if pb.Docs != "" {
		about = append(about, "Vendor documentation: "+pb.Docs)
	}
	g.Sections = append(g.Sections,
		Section{ID: "what", Title: "What it is", Text: about},
		Section{ID: "risks", Title: "Risks of the leak", Text: []string{
			"Anyone who has seen the repository, a clone, a CI log or an image layer with this " + r.Name + " can use it until it is revoked. " +
				"Deleting it from the code does not help: it stays in the history and in every copy.",
		}, Items: pb.Risks},
		Section{ID: "misuse", Title: "Check whether it was used by someone else", Text: append([]string{
			pb.Misuse,
			"Look at the whole window from the first time it was committed (the commit date in the report) until it is revoked, and keep what you find: it is evidence for an incident report.",
		}, investigateText(r)...)},
		Section{ID: "rotate", Title: "Revoke and rotate", Text: []string{
			"Rotate in this order so nothing breaks and nothing stays open:",
		}, Steps: []string{
			"Create a replacement. " + pb.Create,
			"Update every service that uses it (section 5 lists where it was found) to read the new one from " + vars.EnvVar + " or your secret store, deploy, and check that they work.",
			"Revoke the leaked one. " + pb.Revoke,
			"Monitor afterwards: watch the provider's logs for failed calls with the old credential (a service you missed, or an attacker) and for activity you do not recognise.",
			"Remove it from the code, and use `leakhound ignore` only for findings that are not real credentials.",
		}},
		inventorySection(r, report),
		Section{ID: "prevent", Title: "Keep it out of code next time", Text: []string{
			"Read it at run time from the environment or a secret store. Each example reads " + vars.EnvVar + "; change the names to match your setup.",
		}, Snippets: snippets},
		Section{ID: "practices", Title: "Best practices", Items: []string{
			"Least privilege: give each service its own credential with only the scopes it needs, so a leak exposes one service and one permission set.",
			"Separate credentials per environment: a development key should never work in production.",
			"Rotate on a schedule and whenever someone with access leaves; automated rotation through a secret manager makes this routine.",
			"Monitor use: alert on calls from unexpected networks, at unusual times or at unusual volume.",
			"Stop leaks before they leave the laptop: `leakhound hook install` adds a pre-commit hook; scan every pull request in CI.",
		}},
	)
	return g, nil
}

func inventorySection(r *rule.Rule, report []finding.Finding) Section {
	s := Section{ID: "inventory", Title: "Which services will stop working"}
	if report == nil {
		s.Text = []string{"Every place the secret is used must get the new credential before the old one is revoked, or it will fail."}
		s.Note = "Run with --report REPORT.json (from `leakhound scan ... --format json --output REPORT.json`) to list every place this exact secret was found: files, lines, commits, archive members, image layers."
		return s
	}
	bySecret := map[string]*Secret{}
	var order []string
	for _, f := range finding.Flatten(report) { // every place of each secret
		if f.RuleID != r.ID {
			continue
		}
		sec := bySecret[f.Fingerprint]
		if sec == nil {
			sec = &Secret{Fingerprint: f.Fingerprint, Preview: f.Preview}
			bySecret[f.Fingerprint] = sec
			order = append(order, f.Fingerprint)
		}
		sec.Places = append(sec.Places, f)
	}
	sort.Strings(order)
	for _, fp := range order {
		s.Inventory = append(s.Inventory, *bySecret[fp])
	}
	if len(order) == 0 {
		s.Text = []string{fmt.Sprintf("The report holds no %s. Every place the secret is used must get the new credential before the old one is revoked.", r.Name)}
		return s
	}
	s.Text = []string{"Update each of these places before revoking; anything that reads the old value will fail once it is revoked. Services that received it through deployment (containers, CI variables, config management) need the new value too."}
	return s
}

// Place describes where a finding is, for people.
func Place(f finding.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d", f.Path, f.Line)
	if f.Image != "" {
		fmt.Fprintf(&b, " (image %s, layer %d", f.Image, f.Layer)
		if f.Deleted {
			b.WriteString(", deleted in a later layer but still in the image's history")
		}
		b.WriteString(")")
	}
	if f.Commit != "" {
		c := f.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		fmt.Fprintf(&b, " (commit %s by %s, %s)", c, f.Author, f.Date.Format("2006-01-02"))
	}
	return b.String()
}

// investigateText points to `leakhound investigate` for rules that have an
// investigation, saying what it asks the provider.
func investigateText(r *rule.Rule) []string {
	inv := r.Investigation
	if inv == nil {
		return nil
	}
	var asks []string
	switch inv.Builtin {
	case "aws":
		asks = []string{"the caller identity", "the principal's attached and inline policies", "CloudTrail events made with the key since the leak"}
	case "azure-storage":
		asks = []string{"the account's SKU and kind", "whether request logging is on", "containers"}
	case "gcp-service-account":
		asks = []string{"a one-hour read-only token bought with the key file (given whole)"}
	}
	for _, s := range inv.Steps {
		switch s.Section {
		case rule.SectionActivity:
			asks = append(asks, s.Name+" since the leak")
		default:
			asks = append(asks, s.Name)
		}
	}
	// A per-customer API host is named on the command line unless the key
	// itself names it.
	host := ""
	if t := inv.Tenant; t != nil && t.FromSecret == "" {
		host = " --host " + strings.Replace(t.Pattern, "*", "NAME", 1)
		if t.Pattern == "*" {
			host = " --host SERVER"
		}
	}
	text := fmt.Sprintf("leakhound can ask %s for you: `leakhound investigate %s%s --since YYYY-MM-DD` (or `--finding-from report.json`), with the secret on standard input, reports with read-only requests: %s. Activity outside the usual pattern (senders, addresses, clients never seen before the leak, or bursts) is flagged.",
		r.ProviderName, r.ID, host, strings.Join(asks, "; "))
	return []string{text}
}
