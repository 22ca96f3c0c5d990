package investigate

import (
	"encoding/json"
	"fmt"
	"net/mail"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// pick returns the values at path in v: dot-separated keys, "name[]" to
// step into every element of a list, "*" for every value of an object, "." for v itself, and an optional
// "|transform" (domain, first, count).
func pick(v any, path string) []any {
	path, transform, _ := strings.Cut(path, "|")
	vals := []any{v}
	if path != "." && path != "" {
		for _, part := range strings.Split(path, ".") {
			each := strings.HasSuffix(part, "[]")
			key := strings.TrimSuffix(part, "[]")
			var next []any
			for _, cur := range vals {
				if key == "*" {
					// Every value of an object keyed by name (Jira's
					// permissions), in the order of their keys.
					next = append(next, valuesOf(cur)...)
					continue
				}
				if key != "" {
					m, ok := cur.(map[string]any)
					if !ok {
						continue
					}
					if cur, ok = lookup(m, key); !ok || cur == nil {
						continue
					}
				}
				if each {
					if list, ok := cur.([]any); ok {
						next = append(next, list...)
					}
					continue
				}
				next = append(next, cur)
			}
			vals = next
		}
	}
	switch transform {
	case "domain":
		for i, x := range vals {
			vals[i] = domainOf(text(x))
		}
	case "first":
		if len(vals) > 1 {
			vals = vals[:1]
		}
	case "count":
		vals = []any{float64(len(vals))}
	}
	return vals
}

func valuesOf(v any) []any {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]any, 0, len(keys))
	for _, k := range keys {
		out = append(out, m[k])
	}
	return out
}

// lookup finds key in m, or failing that a key that differs only in case:
// some providers spell the same field both ways (Netcore's EMAIL/email).
func lookup(m map[string]any, key string) (any, bool) {
	if v, ok := m[key]; ok {
		return v, true
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

// pickText joins the values at path as text.
func pickText(v any, path string) string {
	var parts []string
	for _, x := range pick(v, path) {
		if s := text(x); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// pickOne is the first value at path as text.
func pickOne(v any, path string) string {
	for _, x := range pick(v, path) {
		if s := text(x); s != "" {
			return s
		}
	}
	return ""
}

func text(x any) string {
	switch t := x.(type) {
	case nil:
		return ""
	case string:
		return t
	case json.Number:
		return t.String()
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	case []any:
		var parts []string
		for _, e := range t {
			if s := text(e); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		// A record where a value was expected: its name, if it has one.
		for _, k := range []string{"name", "Name", "login", "id", "ID"} {
			if s := text(t[k]); s != "" {
				return s
			}
		}
		return ""
	}
	return fmt.Sprint(x)
}

// domainOf is the domain of an address ("Joe <joe@example.com>") or URL.
func domainOf(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if a, err := mail.ParseAddress(s); err == nil {
		s = a.Address
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		return strings.ToLower(strings.Trim(s[i+1:], "> "))
	}
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		return strings.ToLower(u.Hostname())
	}
	return strings.ToLower(s)
}

// parseTime reads the time formats providers use: RFC 3339 (with or
// without zone), RFC 1123 (Twilio), and Unix seconds or milliseconds.
func parseTime(x any) (time.Time, bool) {
	switch t := x.(type) {
	case float64:
		return unixTime(t), t > 0
	case json.Number:
		f, err := t.Float64()
		return unixTime(f), err == nil && f > 0
	case string:
		s := strings.TrimSpace(t)
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return unixTime(f), f > 0
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05", "2006-01-02T15:04:05.999999999-0700", time.RFC1123Z, time.RFC1123, "2006-01-02"} {
			if ts, err := time.Parse(layout, s); err == nil {
				return ts.UTC(), true
			}
		}
	}
	return time.Time{}, false
}

func unixTime(f float64) time.Time {
	if f > 1e12 { // milliseconds
		return time.UnixMilli(int64(f)).UTC()
	}
	sec := int64(f)
	return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC()
}

// splitLabel reads "label=path" (or "path", labelled by its last key).
func splitLabel(s string) (label, path string) {
	if l, p, ok := strings.Cut(s, "="); ok {
		return l, p
	}
	p, _, _ := strings.Cut(s, "|")
	parts := strings.Split(strings.ReplaceAll(p, "[]", ""), ".")
	return parts[len(parts)-1], s
}
