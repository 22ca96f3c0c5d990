package config

import (
	"fmt"
	"regexp"
	"strings"
)

// nonID is what a rule id may not hold: runs of it become one hyphen.
var nonID = regexp.MustCompile(`[^a-z0-9]+`)

// IDSlug is name as a rule id: lower case, each run of other characters
// than letters and digits one hyphen, none at either end.
func IDSlug(name string) string {
	return strings.Trim(nonID.ReplaceAllString(strings.ToLower(name), "-"), "-")
}

// UniqueID is base, or base-2, base-3... the first that taken does not
// hold.
func UniqueID(base string, taken func(string) bool) string {
	id := base
	for n := 2; taken(id); n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	return id
}

// ImportID is the id of a rule imported from another tool: prefix, then
// the tool's name for the rule as a slug (without prefix when the name
// already starts with it; fallback when nothing is left), made unique
// against taken.
func ImportID(prefix, name, fallback string, taken func(string) bool) string {
	slug := strings.TrimPrefix(IDSlug(name), prefix+"-")
	if slug == "" || slug == prefix {
		slug = fallback
	}
	return UniqueID(prefix+"-"+slug, taken)
}
