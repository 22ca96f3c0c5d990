package corpus

import (
	"fmt"
	"strings"
)

// noteLabelCases: a provider's token under a label of several words with
// a qualifier in parentheses ("Netcore Email API key (prod): v"), perhaps a
// Markdown list item and the value in backticks; and a setting commented
// out in code or configuration ("# postmark: v", "-- pepipost key: v").
// Decoys write the same forms naming something else of the provider's
// (its message id, a checksum) above a value of the token's format.
func (b *builder) noteLabelCases() {
	qualifiers := []string{"prod", "production", "staging", "EU region", "read-only", "old, rotate"}
	// A line comment's marker, and its end, by format.
	comments := []struct{ format, open, close string }{
		{"c", "/*", " */"}, {"go", "//", ""}, {"js", "//", ""}, {"py", "#", ""}, {"sh", "#", ""}, {"sql", "--", ""}, {"yaml", "#", ""},
	}
	commented := func(k int, setting string) (format string, line string) {
		c := comments[k%len(comments)]
		return c.format, c.open + " " + setting + c.close
	}
	for ki, k := range unprefixedKinds {
		g := b.g
		for i := 0; i < b.n(1); i++ {
			dir, svc := b.svc()
			v := k.value(g)
			format := g.pick("md", "txt")
			label := fmt.Sprintf("%s %s (%s):", b.mention(k), strings.Join(one(g, k.keys), " "), one(g, qualifiers))
			value := v
			if format == "md" && g.chance(50) {
				value = "`" + v + "`"
			}
			line := label + " " + value
			if format == "md" && g.chance(50) {
				line = "- " + line
			}
			m := mark{value: v, expect: k.provider, class: ClassUnprefixed, shape: ShapeProse, variant: k.id + "/label-qualifier"}
			b.add(b.path(dir, svc, format, false), format, []string{"## Accounts", "", line, "", "Ask ops before rotating."}, []mark{m}, false)
		}
		for i := 0; i < b.n(1); i++ {
			dir, svc := b.svc()
			v := k.value(g)
			name := strings.ToLower(k.name + " " + strings.Join(one(g, k.keys), " "))
			format, line := commented(ki+i, strings.ReplaceAll(name, " ", "_")+": "+v)
			m := mark{value: v, expect: k.provider, class: ClassUnprefixed, shape: ShapeNameBefore, variant: k.id + "/commented-out"}
			b.add(b.path(dir, svc, format, false), format, []string{line, ""}, []mark{m}, false)
		}
		dir, svc := b.svc()
		v := k.value(g)
		word := one(g, nonSecretWords)
		line := fmt.Sprintf("- %s %s (%s): `%s`", b.mention(k), strings.Join(word, " "), one(g, qualifiers), v)
		b.add(b.path(dir, svc, "md", false), "md", []string{"## Release notes", "", line, ""}, []mark{decoyMark(v, DecoyNearProvider, k.id+"/label-qualifier-"+strings.Join(word, "-"), k.provider)}, false)
		dir, svc = b.svc()
		v = k.value(g)
		format, line := commented(ki, strings.ToLower(strings.ReplaceAll(k.name, " ", "_"))+"_"+strings.Join(word, "_")+": "+v)
		b.add(b.path(dir, svc, format, false), format, []string{line, ""}, []mark{decoyMark(v, DecoyNearProvider, k.id+"/commented-out-"+strings.Join(word, "-"), k.provider)}, false)
	}
}
