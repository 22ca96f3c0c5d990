package corpus

import (
	"bytes"
	"encoding/json"
	"strings"
)

// entry is one setting of a structured file (YAML, JSON, TOML, INI,
// .properties, .env, XML, HCL): a key and a value, or a key and children.
// The same tree renders in every format, so a case is written once and
// planted in all of them.
type entry struct {
	key      []string // words, written in the document's key style
	rawKey   string   // the key exactly as written (env names, HCL block headers)
	value    string
	children []*entry
	above    []string // comment lines above the entry (JSON: a comment member)
	trailing string   // comment after the value, on its line
	besides  *entry   // a sibling written on the same line (JSON, XML)
	seq      bool     // YAML: children are list items (k8s env: - name/value)
	block    bool     // HCL: `provider "x" {` rather than `x = {`
	attrs    bool     // XML: <add key="K" value="V" />
	ownLine  bool     // XML: the value on its own line between the tags
}

func leaf(key []string, value string) *entry { return &entry{key: key, value: value} }
func section(key []string, children ...*entry) *entry {
	return &entry{key: key, children: children}
}

// keyStyle writes key words: snake_case, camelCase, kebab-case...
type keyStyle int

const (
	snake keyStyle = iota
	camel
	kebab
	upperSnake
	pascal
	dotted
)

func (s keyStyle) join(w []string) string {
	switch s {
	case camel, pascal:
		var b strings.Builder
		for i, x := range w {
			if i == 0 && s == camel {
				b.WriteString(x)
				continue
			}
			b.WriteString(strings.ToUpper(x[:1]) + x[1:])
		}
		return b.String()
	case kebab:
		return strings.Join(w, "-")
	case upperSnake:
		return strings.ToUpper(strings.Join(w, "_"))
	case dotted:
		return strings.Join(w, ".")
	}
	return strings.Join(w, "_")
}

func (e *entry) name(s keyStyle) string {
	if e.rawKey != "" {
		return e.rawKey
	}
	return s.join(e.key)
}

// dataFormats and the key styles each one uses.
var dataStyles = map[string][]keyStyle{
	"yaml":       {snake, camel, kebab},
	"json":       {camel, snake},
	"toml":       {snake, kebab},
	"ini":        {snake, camel},
	"properties": {dotted, kebab, camel},
	"env":        {upperSnake},
	"xml":        {camel, pascal, kebab},
	"hcl":        {snake},
}

// render writes entries in format with key style s.
func render(format string, s keyStyle, es []*entry) []string {
	switch format {
	case "yaml":
		return renderYAML(s, es, "")
	case "json":
		return renderJSON(s, es)
	case "toml":
		return renderTOML(s, es)
	case "ini":
		return renderINI(s, es)
	case "properties":
		return renderFlat(s, es, nil, "properties")
	case "env":
		return renderFlat(upperSnake, es, nil, "env")
	case "xml":
		return renderXML(s, es, "  ")
	case "hcl":
		return renderHCL(s, es, "")
	}
	panic("no renderer for " + format)
}

func hashComments(indent string, lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = indent + "# " + l
	}
	return out
}

func withTrailing(line, marker, comment string) string {
	if comment == "" {
		return line
	}
	return line + "  " + marker + " " + comment
}

// yamlScalar quotes a value only where YAML needs it (or, for plain
// strings, in one of the styles people use).
func yamlScalar(v string) string {
	if strings.Contains(v, "\n") {
		return v // block scalars are written by the caller
	}
	special := v == "" || strings.ContainsAny(v[:1], "{[*&!|>'\"%@`,?-:#") || strings.Contains(v, ": ") || strings.Contains(v, " #") || strings.HasSuffix(v, ":")
	if !special {
		return v
	}
	if !strings.Contains(v, "'") {
		return "'" + v + "'"
	}
	return jsonString(v)
}

func renderYAML(s keyStyle, es []*entry, indent string) []string {
	var out []string
	for _, e := range es {
		out = append(out, hashComments(indent, e.above)...)
		switch {
		case e.seq:
			out = append(out, indent+e.name(s)+":")
			for _, item := range e.children {
				if len(item.children) == 0 && item.key == nil && item.rawKey == "" {
					out = append(out, withTrailing(indent+"  - "+yamlScalar(item.value), "#", item.trailing))
					continue
				}
				sub := renderYAML(s, item.children, indent+"    ")
				sub[0] = indent + "  - " + strings.TrimPrefix(sub[0], indent+"    ")
				out = append(out, sub...)
			}
		case len(e.children) > 0:
			out = append(out, withTrailing(indent+e.name(s)+":", "#", e.trailing))
			out = append(out, renderYAML(s, e.children, indent+"  ")...)
		case strings.Contains(e.value, "\n"):
			out = append(out, indent+e.name(s)+": |")
			for _, l := range strings.Split(strings.TrimRight(e.value, "\n"), "\n") {
				out = append(out, indent+"  "+l)
			}
		default:
			out = append(out, withTrailing(indent+e.name(s)+": "+yamlScalar(e.value), "#", e.trailing))
		}
	}
	return out
}

// jsonString is a JSON string literal, with HTML characters left alone as
// people write them.
func jsonString(v string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n")
}

func renderJSON(s keyStyle, es []*entry) []string {
	out := []string{"{"}
	out = append(out, jsonMembers(s, es, "  ")...)
	return append(out, "}")
}

func jsonMembers(s keyStyle, es []*entry, indent string) []string {
	var out []string
	type member struct{ lines []string }
	var ms []member
	for _, e := range es {
		for _, a := range e.above {
			ms = append(ms, member{[]string{indent + jsonString("_comment") + ": " + jsonString(a)}})
		}
		var lines []string
		switch {
		case e.seq:
			lines = append(lines, indent+jsonString(e.name(s))+": [")
			for i, item := range e.children {
				var sub []string
				if len(item.children) == 0 {
					sub = []string{indent + "  " + jsonString(item.value)}
				} else {
					sub = append([]string{indent + "  {"}, jsonMembers(s, item.children, indent+"    ")...)
					sub = append(sub, indent+"  }")
				}
				if i < len(e.children)-1 {
					sub[len(sub)-1] += ","
				}
				lines = append(lines, sub...)
			}
			lines = append(lines, indent+"]")
		case len(e.children) > 0:
			lines = append(lines, indent+jsonString(e.name(s))+": {")
			lines = append(lines, jsonMembers(s, e.children, indent+"  ")...)
			lines = append(lines, indent+"}")
		default:
			l := indent + jsonString(e.name(s)) + ": " + jsonScalar(e.value)
			if e.besides != nil {
				l += ", " + jsonString(e.besides.name(s)) + ": " + jsonString(e.besides.value)
			}
			lines = append(lines, l)
		}
		ms = append(ms, member{lines})
	}
	for i, m := range ms {
		if i < len(ms)-1 {
			m.lines[len(m.lines)-1] += ","
		}
		out = append(out, m.lines...)
	}
	return out
}

func tomlKey(k string) string {
	for _, r := range k {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return jsonString(k)
		}
	}
	return k
}

// jsonScalar writes numbers and booleans bare, everything else as a string.
func jsonScalar(v string) string {
	if isNumber(v) || v == "true" || v == "false" {
		return v
	}
	return jsonString(v)
}

func tomlValue(v string) string {
	if isNumber(v) || v == "true" || v == "false" {
		return v
	}
	if strings.Contains(v, "\n") {
		return `"""` + "\n" + v + `"""`
	}
	if !strings.Contains(v, "'") && strings.ContainsAny(v, `\"`) {
		return "'" + v + "'"
	}
	return jsonString(v)
}

func renderTOML(s keyStyle, es []*entry) []string {
	var out []string
	var tables func(prefix []string, es []*entry)
	scalars := func(es []*entry) {
		for _, e := range es {
			if len(e.children) > 0 {
				continue
			}
			out = append(out, hashComments("", e.above)...)
			out = append(out, withTrailing(tomlKey(e.name(s))+" = "+tomlValue(e.value), "#", e.trailing))
		}
	}
	tables = func(prefix []string, es []*entry) {
		for _, e := range es {
			if len(e.children) == 0 {
				continue
			}
			path := append(append([]string{}, prefix...), tomlKey(e.name(s)))
			out = append(out, "")
			out = append(out, hashComments("", e.above)...)
			out = append(out, withTrailing("["+strings.Join(path, ".")+"]", "#", e.trailing))
			scalars(e.children)
			tables(path, e.children)
		}
	}
	scalars(es)
	tables(nil, es)
	return out
}

func renderINI(s keyStyle, es []*entry) []string {
	var out []string
	var walk func(prefix []string, es []*entry)
	walk = func(prefix []string, es []*entry) {
		for _, e := range es {
			if len(e.children) > 0 {
				continue
			}
			for _, a := range e.above {
				out = append(out, "; "+a)
			}
			out = append(out, withTrailing(e.name(s)+" = "+e.value, ";", e.trailing))
		}
		for _, e := range es {
			if len(e.children) == 0 {
				continue
			}
			path := append(append([]string{}, prefix...), e.name(s))
			out = append(out, "")
			for _, a := range e.above {
				out = append(out, "; "+a)
			}
			out = append(out, "["+strings.Join(path, ".")+"]")
			walk(path, e.children)
		}
	}
	walk(nil, es)
	return out
}

// renderFlat writes .properties (dotted paths) and .env (UPPER_SNAKE paths).
func renderFlat(s keyStyle, es []*entry, prefix []string, format string) []string {
	var out []string
	for _, e := range es {
		name := e.name(s)
		if e.rawKey == "" && len(prefix) > 0 {
			sep := "."
			if format == "env" {
				sep = "_"
			}
			name = strings.Join(prefix, sep) + sep + name
		}
		out = append(out, hashComments("", e.above)...)
		if len(e.children) > 0 {
			out = append(out, renderFlat(s, e.children, append(append([]string{}, prefix...), e.name(s)), format)...)
			continue
		}
		line := name + "=" + e.value
		if format == "env" && strings.ContainsAny(e.value, " #'\"$") {
			line = name + "=" + jsonString(e.value)
		}
		if format == "env" {
			out = append(out, withTrailing(line, "#", e.trailing))
		} else {
			out = append(out, line)
		}
	}
	return out
}

func xmlEscape(v string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	return r.Replace(v)
}

func renderXML(s keyStyle, es []*entry, indent string) []string {
	var out []string
	for _, e := range es {
		for _, a := range e.above {
			out = append(out, indent+"<!-- "+a+" -->")
		}
		n := e.name(s)
		var l string
		switch {
		case e.attrs:
			l = indent + `<add key="` + xmlEscape(n) + `" value="` + xmlEscape(e.value) + `" />`
		case len(e.children) > 0:
			out = append(out, indent+"<"+n+">")
			out = append(out, renderXML(s, e.children, indent+"  ")...)
			out = append(out, indent+"</"+n+">")
			continue
		case e.ownLine || strings.Contains(e.value, "\n"):
			out = append(out, indent+"<"+n+">")
			for _, v := range strings.Split(strings.TrimRight(e.value, "\n"), "\n") {
				out = append(out, indent+"  "+xmlEscape(v))
			}
			out = append(out, indent+"</"+n+">")
			continue
		default:
			l = indent + "<" + n + ">" + xmlEscape(e.value) + "</" + n + ">"
		}
		if e.besides != nil {
			bn := e.besides.name(s)
			l += "<" + bn + ">" + xmlEscape(e.besides.value) + "</" + bn + ">"
		}
		if e.trailing != "" {
			l += " <!-- " + e.trailing + " -->"
		}
		out = append(out, l)
	}
	return out
}

func renderHCL(s keyStyle, es []*entry, indent string) []string {
	var out []string
	for _, e := range es {
		out = append(out, hashComments(indent, e.above)...)
		switch {
		case len(e.children) > 0 && e.block:
			out = append(out, indent+e.name(s)+" {")
			out = append(out, renderHCL(s, e.children, indent+"  ")...)
			out = append(out, indent+"}")
		case len(e.children) > 0:
			out = append(out, indent+e.name(s)+" = {")
			out = append(out, renderHCL(s, e.children, indent+"  ")...)
			out = append(out, indent+"}")
		case strings.Contains(e.value, "\n"):
			out = append(out, indent+e.name(s)+" = <<-EOT")
			for _, l := range strings.Split(strings.TrimRight(e.value, "\n"), "\n") {
				out = append(out, indent+"  "+l)
			}
			out = append(out, indent+"EOT")
		case strings.HasPrefix(e.value, "var.") || e.value == "true" || e.value == "false" || isNumber(e.value):
			out = append(out, withTrailing(indent+e.name(s)+" = "+e.value, "#", e.trailing))
		default:
			out = append(out, withTrailing(indent+e.name(s)+" = "+jsonString(e.value), "#", e.trailing))
		}
	}
	return out
}

func isNumber(v string) bool {
	if v == "" {
		return false
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Neutral settings that pad a file the way real configuration does; none
// is a credential or names a credential.
var neutralSettings = [][2]string{
	{"log level", "info"}, {"port", "8080"}, {"timeout seconds", "30"}, {"region", "eu-west-1"},
	{"replicas", "3"}, {"cache ttl", "300"}, {"max connections", "50"}, {"environment", "production"},
	{"service name", "billing-api"}, {"retry count", "5"}, {"metrics enabled", "true"}, {"queue name", "orders"},
	{"locale", "en-GB"}, {"pool size", "10"}, {"base url", "https://app.acme-corp.net"}, {"batch size", "500"},
	{"from address", "noreply@acme-corp.net"}, {"sender name", "Acme Notifications"}, {"enabled", "true"},
	{"verify ssl", "true"}, {"worker count", "4"}, {"read timeout", "15s"}, {"compression", "gzip"},
	{"default currency", "EUR"}, {"time zone", "Europe/Berlin"}, {"upload dir", "/var/lib/app/uploads"},
}

var neutralSections = [][]string{{"server"}, {"logging"}, {"pool"}, {"cache"}, {"http"}, {"scheduler"}, {"features"}, {"metrics"}}

func (g gen) neutral() *entry {
	s := neutralSettings[g.IntN(len(neutralSettings))]
	return leaf(strings.Fields(s[0]), s[1])
}

func (g gen) neutrals(n int) []*entry {
	seen := map[string]bool{}
	var out []*entry
	for len(out) < n {
		e := g.neutral()
		k := strings.Join(e.key, " ")
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	return out
}

func (g gen) neutralSection() *entry {
	sec := neutralSections[g.IntN(len(neutralSections))]
	return section(sec, g.neutrals(1+g.IntN(3))...)
}
