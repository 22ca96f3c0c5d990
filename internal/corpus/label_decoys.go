package corpus

import "fmt"

// providerLabels are words that, after a provider's name, label something
// of the provider's that is not its credential: "Gitea commit: <sha>",
// "Postmark build: <uuid>" in release notes.
var providerLabels = []string{"commit", "build", "version", "revision", "release", "checksum"}

// providerLabelDecoys: a note's line that names a provider, then a label,
// a colon and a value of the provider's token format. The name alone
// before the colon would make it the provider's credential; the label
// says it is not.
func (b *builder) providerLabelDecoys() {
	for ki, k := range unprefixedKinds {
		for i := 0; i < b.n(2); i++ {
			g := b.g
			v := k.value(g)
			label := providerLabels[(ki*2+i)%len(providerLabels)]
			line := fmt.Sprintf("%s %s: %s", k.name, label, v)
			m := decoyMark(v, DecoyNearProvider, k.id+"/label-"+label, k.provider)
			b.plantText(g.pick("txt", "md"), []string{line}, m)
		}
	}
}
