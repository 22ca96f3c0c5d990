package corpus

import (
	"fmt"
	"strings"
)

// labelBelowCases: notes that write a provider's token on the line under
// its label ("Postmark server token:" then the token, perhaps indented),
// and decoys of that form whose label names something else of the
// provider's (its message id, a checksum) above a value of the token's
// format.
func (b *builder) labelBelowCases() {
	for _, k := range unprefixedKinds {
		for i := 0; i < b.n(2); i++ {
			g := b.g
			dir, svc := b.svc()
			v := k.value(g)
			format := g.pick("md", "txt")
			label := fmt.Sprintf("%s %s:", b.mention(k), strings.Join(one(g, k.keys), " "))
			lines := []string{g.pick("## Credentials", "Handover notes"), "", label, g.pick("", "    ") + v, "", "Rotate it every quarter."}
			m := mark{value: v, expect: k.provider, class: ClassUnprefixed, shape: ShapeProse, variant: k.id + "/label-above"}
			b.add(b.path(dir, svc, format, false), format, lines, []mark{m}, false)
		}
		// In Markdown the value is often a code block under the label,
		// set apart by a blank line, and the label a short phrase.
		for i := 0; i < b.n(1); i++ {
			g := b.g
			dir, svc := b.svc()
			v := k.value(g)
			label := fmt.Sprintf("%s %s%s:", b.mention(k), strings.Join(one(g, k.keys), " "), g.pick("", " for staging", " in production"))
			block := g.pick("fence", "indent")
			lines := []string{"## " + g.pick("Credentials", "Setup"), "", g.pick("", "Use the ") + label, ""}
			if block == "fence" {
				lines = append(lines, "```", v, "```")
			} else {
				lines = append(lines, "    "+v)
			}
			m := mark{value: v, expect: k.provider, class: ClassUnprefixed, shape: ShapeProse, variant: k.id + "/label-above-" + block}
			b.add(b.path(dir, svc, "md", false), "md", append(lines, "", "Rotate it every quarter."), []mark{m}, false)
		}
		g := b.g
		dir, svc := b.svc()
		v := k.value(g)
		word := one(g, nonSecretWords)
		format := g.pick("md", "txt")
		lines := []string{"Release notes", "", fmt.Sprintf("%s %s:", b.mention(k), strings.Join(word, " ")), v, ""}
		m := decoyMark(v, DecoyNearProvider, k.id+"/label-above-"+strings.Join(word, "-"), k.provider)
		b.add(b.path(dir, svc, format, false), format, lines, []mark{m}, false)
		// The same above a code block.
		dir, svc = b.svc()
		v = k.value(g)
		lines = []string{"## Release notes", "", fmt.Sprintf("%s %s:", b.mention(k), strings.Join(word, " ")), "", "```", v, "```", ""}
		m = decoyMark(v, DecoyNearProvider, k.id+"/label-above-block-"+strings.Join(word, "-"), k.provider)
		b.add(b.path(dir, svc, "md", false), "md", lines, []mark{m}, false)
	}
}
