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
		g := b.g
		dir, svc := b.svc()
		v := k.value(g)
		word := one(g, nonSecretWords)
		format := g.pick("md", "txt")
		lines := []string{"Release notes", "", fmt.Sprintf("%s %s:", b.mention(k), strings.Join(word, " ")), v, ""}
		m := decoyMark(v, DecoyNearProvider, k.id+"/label-above-"+strings.Join(word, "-"), k.provider)
		b.add(b.path(dir, svc, format, false), format, lines, []mark{m}, false)
	}
}
