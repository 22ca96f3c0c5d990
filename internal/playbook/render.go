package playbook

import (
	"fmt"
	"io"
	"strings"
)

// WriteText renders a guide for a terminal.
func WriteText(w io.Writer, g *Guide) error {
	var b strings.Builder
	r := g.Rule
	fmt.Fprintf(&b, "%s (%s)\n%s, severity %s\n", r.Name, r.ID, r.ProviderName, r.Severity)
	for i, s := range g.Sections {
		fmt.Fprintf(&b, "\n%d. %s\n", i+1, strings.ToUpper(s.Title))
		for _, p := range s.Text {
			fmt.Fprintf(&b, "\n%s\n", wrap(p, 78, ""))
		}
		for _, it := range s.Items {
			fmt.Fprintf(&b, "%s\n", wrap(it, 78, "  - "))
		}
		for j, st := range s.Steps {
			fmt.Fprintf(&b, "%s\n", wrap(st, 78, fmt.Sprintf("  %d. ", j+1)))
		}
		for _, sec := range s.Inventory {
			fmt.Fprintf(&b, "\n  secret %s (fingerprint %s), %d %s:\n", sec.Preview, sec.Fingerprint, len(sec.Places), plural(len(sec.Places), "place", "places"))
			for _, f := range sec.Places {
				fmt.Fprintf(&b, "    %s\n", Place(f))
			}
		}
		if s.Note != "" {
			fmt.Fprintf(&b, "\n%s\n", wrap(s.Note, 78, ""))
		}
		for _, group := range byStore(s.Snippets) {
			fmt.Fprintf(&b, "\n  %s\n", StoreName(group[0].Store))
			for _, sn := range group {
				fmt.Fprintf(&b, "\n  --- %s ---\n%s", LanguageName(sn.Language), indent(sn.Code, "    "))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMarkdown renders a guide as Markdown.
func WriteMarkdown(w io.Writer, g *Guide) error {
	var b strings.Builder
	r := g.Rule
	fmt.Fprintf(&b, "# %s\n\n`%s` · %s · severity **%s**\n", r.Name, r.ID, r.ProviderName, r.Severity)
	for i, s := range g.Sections {
		fmt.Fprintf(&b, "\n## %d. %s\n", i+1, s.Title)
		for _, p := range s.Text {
			fmt.Fprintf(&b, "\n%s\n", p)
		}
		if len(s.Items) > 0 {
			b.WriteString("\n")
			for _, it := range s.Items {
				fmt.Fprintf(&b, "- %s\n", it)
			}
		}
		if len(s.Steps) > 0 {
			b.WriteString("\n")
			for j, st := range s.Steps {
				fmt.Fprintf(&b, "%d. %s\n", j+1, st)
			}
		}
		for _, sec := range s.Inventory {
			fmt.Fprintf(&b, "\n**Secret `%s`** (fingerprint `%s`):\n\n", sec.Preview, sec.Fingerprint)
			for _, f := range sec.Places {
				fmt.Fprintf(&b, "- `%s`\n", Place(f))
			}
		}
		if s.Note != "" {
			fmt.Fprintf(&b, "\n_%s_\n", s.Note)
		}
		for _, group := range byStore(s.Snippets) {
			fmt.Fprintf(&b, "\n### %s\n", StoreName(group[0].Store))
			for _, sn := range group {
				fmt.Fprintf(&b, "\n%s:\n\n```%s\n%s```\n", LanguageName(sn.Language), fence(sn.Language), sn.Code)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// byStore groups a section's snippets by store, in Stores order.
func byStore(snippets []Snippet) [][]Snippet {
	var out [][]Snippet
	for _, store := range Stores {
		var group []Snippet
		for _, sn := range snippets {
			if sn.Store == store {
				group = append(group, sn)
			}
		}
		if len(group) > 0 {
			out = append(out, group)
		}
	}
	return out
}

func fence(lang string) string {
	if lang == "node" {
		return "javascript"
	}
	return lang
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func indent(s, prefix string) string {
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l == "" {
			continue
		}
		if strings.TrimSpace(l) == "" {
			b.WriteString(l)
			continue
		}
		b.WriteString(prefix + l)
	}
	return b.String()
}

// wrap folds text at width, the first line starting with lead and the
// rest indented to match.
func wrap(text string, width int, lead string) string {
	pad := strings.Repeat(" ", len(lead))
	var b strings.Builder
	line := lead
	for _, word := range strings.Fields(text) {
		if len(line) > len(pad) && len(line)+1+len(word) > width {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = pad
		}
		if len(line) > len(pad) || (line == lead && len(line) > 0 && !strings.HasSuffix(line, " ")) {
			line += " "
		}
		line += word
	}
	b.WriteString(line)
	return b.String()
}
