package rule

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"slices"
	"testing"

	"github.com/leakhound/leakhound/rules"
)

// scanPart is the catalogue as the cache's scan part holds it.
func scanPart(t *testing.T) []*Provider {
	t.Helper()
	ps, err := LoadFS(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	takeExtras(ps)
	setProviderFields(ps, false)
	return ps
}

// gobOf is a value's gob encoding: gob writes every exported field and
// treats nil and empty alike, so equal encodings are equal catalogues.
func gobOf(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestScanCodecRoundTrip: the whole catalogue's scan part comes back
// exactly, and what follows the part is left for the extras.
func TestScanCodecRoundTrip(t *testing.T) {
	ps := scanPart(t)
	data := append(encodeScan(ps), "extras"...)
	got, rest, ok := decodeScan(data)
	if !ok || string(rest) != "extras" {
		t.Fatalf("decode: ok %v, rest %q", ok, rest)
	}
	if !bytes.Equal(gobOf(t, got), gobOf(t, ps)) {
		for i := range ps {
			for j := range ps[i].Rules {
				if !bytes.Equal(gobOf(t, got[i].Rules[j]), gobOf(t, ps[i].Rules[j])) {
					t.Fatalf("rule %s differs:\n got %+v\nwant %+v", ps[i].Rules[j].ID, got[i].Rules[j], ps[i].Rules[j])
				}
			}
		}
		t.Fatal("providers differ")
	}
}

// TestScanCodecRefusesDamage: a part cut anywhere, or with any byte of a
// small catalogue's changed, is refused (its checksum), never read past
// its end.
func TestScanCodecRefusesDamage(t *testing.T) {
	ps := scanPart(t)
	data := encodeScan(ps[:3])
	for n := range len(data) {
		if _, _, ok := decodeScan(data[:n]); ok {
			t.Fatalf("cut at %d of %d: decoded", n, len(data))
		}
	}
	for i := range data {
		for _, x := range []byte{0x01, 0x80, 0xff} {
			d := slices.Clone(data)
			d[i] ^= x
			if _, _, ok := decodeScan(d); ok {
				t.Fatalf("byte %d of %d ^ %#x: decoded", i, len(data), x)
			}
		}
	}
	if _, _, ok := decodeScan([]byte("leakhound scan catalogue v0\n")); ok {
		t.Fatal("another version decoded")
	}
}

// TestScanCodecCoversRule: every field of Rule is either written by the
// codec, moved to the extras, or derived on load. A new field must be
// added to encodeScan and decodeScan (and the magic's version raised), or
// to one of the other lists here.
func TestScanCodecCoversRule(t *testing.T) {
	written := []string{"ID", "Name", "Aliases", "Severity", "Keywords", "Pattern", "Entropy", "Checksum", "Window",
		"Anchored", "LineAnchored", "MinClasses", "NotCode", "NoPlaceholderFilter", "Literal", "Assigned", "Paths",
		"PathPattern", "WholeFile", "Exact", "InTests", "Tags", "ExamplePath", "JWT", "Identifier", "WinsOver"}
	extras := []string{"Playbook", "Validate", "Investigation", "Examples", "NegativeExamples"}
	derived := []string{"Provider", "ProviderName", "Category", "RevokeURL", "parsed"}
	known := slices.Concat(written, extras, derived)
	for f := range reflect.TypeFor[Rule]().Fields() {
		if !slices.Contains(known, f.Name) {
			t.Errorf("Rule.%s is not in the scan codec", f.Name)
		}
	}
	for typ, fields := range map[reflect.Type][]string{
		reflect.TypeFor[Assigned]():   {"Keys", "Value", "Near", "MinLength", "Name", "Calls"},
		reflect.TypeFor[JWT]():        {"AllOf", "AnyOf"},
		reflect.TypeFor[ClaimMatch](): {"Claim", "Value"},
		reflect.TypeFor[Provider]():   {"ID", "Name", "Category", "RevokeURL", "Rules", "Playbook", "Investigate"},
	} {
		for f := range typ.Fields() {
			if !slices.Contains(fields, f.Name) {
				t.Errorf("%s.%s is not in the scan codec", typ.Name(), f.Name)
			}
		}
	}
}
