package investigate

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/leakhound/leakhound/internal/termsafe"
)

// Formats Write knows.
var Formats = []string{"text", "json", "markdown"}

// Write renders the report as text, json or markdown.
func Write(w io.Writer, rep *Report, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	case "markdown", "md":
		return writeDoc(w, rep, markdown{})
	case "text", "":
		return writeDoc(w, rep, plain{})
	}
	return fmt.Errorf("unknown format %q (text, json, markdown)", format)
}

// style is what differs between text and Markdown.
type style interface {
	title(string) string
	heading(string) string
	item(string) string
	code(string) string
	clean(string) string
}

type plain struct{}

func (plain) title(s string) string   { return s + "\n" + strings.Repeat("=", len(s)) }
func (plain) heading(s string) string { return "\n" + s + ":" }
func (plain) item(s string) string    { return "  " + s }
func (plain) code(s string) string    { return s }
func (plain) clean(s string) string   { return termsafe.String(s) }

type markdown struct{}

func (markdown) title(s string) string   { return "## " + s }
func (markdown) heading(s string) string { return "\n### " + s + "\n" }
func (markdown) item(s string) string    { return "- " + s }
func (markdown) code(s string) string    { return "`" + strings.ReplaceAll(s, "`", "'") + "`" }

// clean keeps provider text from being read as Markdown or HTML.
func (markdown) clean(s string) string {
	s = termsafe.String(s)
	return strings.NewReplacer("\\", "\\\\", "*", "\\*", "_", "\\_", "`", "\\`", "[", "\\[", "]", "\\]", "<", "&lt;", ">", "&gt;", "|", "\\|", "#", "\\#").Replace(s)
}

func writeDoc(w io.Writer, rep *Report, st style) error {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	day := func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
	line("%s", st.title(fmt.Sprintf("Investigation: %s (%s)", rep.ProviderName, rep.RuleID)))
	line("")
	line("Leaked since %s; activity read from %s; run at %s.", day(rep.Since), day(rep.From), day(rep.At))

	line("%s", st.heading("Identity"))
	if len(rep.Identity) == 0 {
		line("%s", st.item("nothing the key could read"))
	}
	for _, f := range rep.Identity {
		line("%s", st.item(fmt.Sprintf("%s: %s", st.clean(f.Label), st.clean(f.Value))))
	}
	line("%s", st.heading("Permissions"))
	if len(rep.Permissions) == 0 {
		line("%s", st.item("not exposed to the key (see the steps below)"))
	}
	for _, p := range rep.Permissions {
		line("%s", st.item(st.clean(p)))
	}
	if len(rep.Resources) > 0 {
		line("%s", st.heading("Reachable resources"))
		for _, r := range rep.Resources {
			more := ""
			if r.Truncated {
				more = ", more not listed"
			}
			line("%s", st.item(fmt.Sprintf("%s: %d%s", st.clean(r.Kind), r.Count, more)))
			for _, it := range r.Items {
				line("  %s", st.item(st.clean(it)))
			}
		}
	}
	if a := rep.Activity; a != nil {
		writeActivity(line, a, st)
	}
	line("%s", st.heading("Steps"))
	for _, s := range rep.Steps {
		detail := ""
		if s.Detail != "" {
			detail = " (" + st.clean(s.Detail) + ")"
		}
		line("%s", st.item(fmt.Sprintf("%s: %s%s", st.clean(s.Name), s.Status, detail)))
	}
	if rep.Docs != "" {
		line("")
		line("API reference: %s", rep.Docs)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeActivity(line func(string, ...any), a *Activity, st style) {
	line("%s", st.heading("Activity since the leak"))
	line("%s", st.item(fmt.Sprintf("%d event(s) since the leak; %d before it set the usual pattern", a.SinceLeak, a.Baseline)))
	if a.Truncated {
		line("%s", st.item("incomplete: not every page or region could be read (see the steps)"))
	}
	if len(a.Unusual) == 0 {
		line("%s", st.item("nothing outside the usual pattern"))
	} else {
		line("%s", st.item(fmt.Sprintf("UNUSUAL: %d finding(s)", len(a.Unusual))))
		for _, f := range a.Unusual {
			line("  %s", st.item(fmt.Sprintf("%s %s: %d event(s), first %s: %s", f.Kind, st.code(termsafe.String(f.Value)), f.Count, f.First.UTC().Format("2006-01-02 15:04"), f.Why)))
		}
	}
	if len(a.Unjudged) > 0 {
		line("%s", st.item(fmt.Sprintf("no usual pattern to compare %s with: give --known-ip, --known-agent or --known-actor, or a longer --baseline", strings.Join(a.Unjudged, ", "))))
	}
	for _, g := range []struct {
		name string
		cs   []Count
	}{{"by day", a.ByDay}, {"by action", a.ByAction}, {"by actor", a.ByActor}, {"by source IP", a.BySource}, {"by user agent", a.ByAgent}, {"by target", a.ByTarget}, {"by tag", a.ByTag}} {
		if len(g.cs) == 0 {
			continue
		}
		parts := make([]string, len(g.cs))
		for i, c := range g.cs {
			parts[i] = fmt.Sprintf("%s %d", st.clean(c.Value), c.Count)
		}
		line("%s", st.item(g.name+": "+strings.Join(parts, "; ")))
	}
}
