package rule

import (
	"encoding/binary"
	"math"
	"unsafe"

	"github.com/leakhound/leakhound/internal/filecache"
)

// The part of the cached catalogue every scan reads is written field by
// field, not with gob: decoding it with gob's reflection was a fifth of a
// one-file pre-commit scan, and gave each of its 20,000 strings an
// allocation of its own. Every decoded string points into the data it was
// decoded from, uncopied: copying the 3.4 MB part into fresh memory was
// a tenth of a pre-commit scan's start-up. A CRC-32C after the part
// catches a damaged file, which could otherwise change a pattern or drop
// a keyword without a word. scanCodecFields (cache_test.go) fails when
// Rule gains a field this codec does not write.

// scanCodecMagic starts the part; its version changes with the layout.
const scanCodecMagic = "leakhound scan catalogue v3\n"

type scanWriter struct{ b []byte }

func (w *scanWriter) uint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }
func (w *scanWriter) int(v int)     { w.b = binary.AppendVarint(w.b, int64(v)) }
func (w *scanWriter) str(s string)  { w.uint(uint64(len(s))); w.b = append(w.b, s...) }
func (w *scanWriter) strs(ss []string) {
	w.uint(uint64(len(ss)))
	for _, s := range ss {
		w.str(s)
	}
}
func (w *scanWriter) bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}
func (w *scanWriter) claims(cs []ClaimMatch) {
	w.uint(uint64(len(cs)))
	for _, c := range cs {
		w.str(c.Claim)
		w.str(c.Value)
	}
}

// encodeScan writes providers' scan part: what takeExtras and
// setProviderFields leave. The result starts with its own length and
// ends with its checksum, so the extras can follow it.
func encodeScan(providers []*Provider) []byte {
	w := &scanWriter{}
	w.uint(uint64(len(providers)))
	for _, p := range providers {
		w.str(p.ID)
		w.str(p.Name)
		w.str(p.Category)
		w.str(p.RevokeURL)
		w.uint(uint64(len(p.Rules)))
		for i := range p.Rules {
			r := &p.Rules[i]
			w.str(r.ID)
			w.str(r.Name)
			w.strs(r.Aliases)
			w.str(r.Severity)
			w.strs(r.Keywords)
			w.str(r.Pattern)
			w.uint(math.Float64bits(r.Entropy))
			w.str(r.Checksum)
			w.int(r.Window)
			w.bool(r.Anchored)
			w.bool(r.LineAnchored)
			w.int(r.MinClasses)
			w.bool(r.NotCode)
			w.bool(r.NoPlaceholderFilter)
			w.bool(r.Literal)
			w.bool(r.Assigned != nil)
			if a := r.Assigned; a != nil {
				w.strs(a.Keys)
				w.str(a.Value)
				w.int(a.Near)
				w.int(a.MinLength)
				w.str(a.Name)
				w.strs(a.Calls)
			}
			w.strs(r.Paths)
			w.str(r.PathPattern)
			w.bool(r.WholeFile)
			w.bool(r.Exact)
			w.bool(r.InTests)
			w.strs(r.Tags)
			w.str(r.ExamplePath)
			w.bool(r.JWT != nil)
			if j := r.JWT; j != nil {
				w.claims(j.AllOf)
				w.claims(j.AnyOf)
			}
			w.bool(r.Identifier)
			w.strs(r.WinsOver)
		}
	}
	body := w.b
	out := append([]byte(scanCodecMagic), binary.AppendUvarint(nil, uint64(len(body)))...)
	out = append(out, body...)
	return filecache.Seal(out)
}

// scanReader reads what scanWriter wrote; the first error sticks and
// every later read returns zero values.
type scanReader struct {
	b   []byte
	bad bool
}

// uint reads a varint. Almost every one the catalogue holds (lengths,
// counts, small numbers) is one byte, read inline here: binary.Uvarint's
// loop, called for each, was a third of decoding the catalogue.
func (r *scanReader) uint() uint64 {
	if len(r.b) > 0 && r.b[0] < 0x80 {
		v := uint64(r.b[0])
		r.b = r.b[1:]
		return v
	}
	return r.uintLong()
}

func (r *scanReader) uintLong() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

// int reads a signed varint, a one-byte one inline as uint does.
func (r *scanReader) int() int {
	if len(r.b) > 0 && r.b[0] < 0x80 {
		u := r.b[0]
		r.b = r.b[1:]
		return int(u>>1) ^ -int(u&1) // zig-zag, as binary.Varint
	}
	return r.intLong()
}

func (r *scanReader) intLong() int {
	v, n := binary.Varint(r.b)
	if n <= 0 || v != int64(int(v)) {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

// count reads a length no larger than what is left to read, so damaged
// input cannot make a huge allocation.
func (r *scanReader) count() int {
	n := r.uint()
	if n > uint64(len(r.b)) {
		r.bad, r.b = true, nil
		return 0
	}
	return int(n)
}

// str returns the string in place: it shares the decoded copy's memory.
func (r *scanReader) str() string {
	n := r.count()
	if n == 0 {
		return ""
	}
	s := unsafe.String(&r.b[0], n)
	r.b = r.b[n:]
	return s
}

func (r *scanReader) strs() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = r.str()
	}
	return ss
}

func (r *scanReader) bool() bool {
	if len(r.b) == 0 || r.b[0] > 1 {
		r.bad, r.b = true, nil
		return false
	}
	v := r.b[0] == 1
	r.b = r.b[1:]
	return v
}

func (r *scanReader) claims() []ClaimMatch {
	n := r.count()
	if n == 0 {
		return nil
	}
	cs := make([]ClaimMatch, n)
	for i := range cs {
		cs[i] = ClaimMatch{Claim: r.str(), Value: r.str()}
	}
	return cs
}

// decodeScan reads the scan part at the start of data, and returns the
// providers and what follows the part; false when data is not such a part
// or is damaged. The providers' strings are data's memory: data must stay
// as it is while they are in use.
func decodeScan(data []byte) ([]*Provider, []byte, bool) {
	if len(data) < len(scanCodecMagic) || string(data[:len(scanCodecMagic)]) != scanCodecMagic {
		return nil, nil, false
	}
	head := &scanReader{b: data[len(scanCodecMagic):]}
	size := head.count()
	if head.bad || len(head.b)-size < 4 {
		return nil, nil, false
	}
	end := len(data) - len(head.b) + size
	if _, ok := filecache.Unseal(data[:end+4]); !ok {
		return nil, nil, false
	}
	r := &scanReader{b: head.b[:size]}
	rest := head.b[size+4:]
	providers := make([]*Provider, r.count())
	for pi := range providers {
		p := &Provider{ID: r.str(), Name: r.str(), Category: r.str(), RevokeURL: r.str()}
		p.Rules = make([]Rule, r.count())
		for i := range p.Rules {
			x := &p.Rules[i]
			x.ID = r.str()
			x.Name = r.str()
			x.Aliases = r.strs()
			x.Severity = r.str()
			x.Keywords = r.strs()
			x.Pattern = r.str()
			x.Entropy = math.Float64frombits(r.uint())
			x.Checksum = r.str()
			x.Window = r.int()
			x.Anchored = r.bool()
			x.LineAnchored = r.bool()
			x.MinClasses = r.int()
			x.NotCode = r.bool()
			x.NoPlaceholderFilter = r.bool()
			x.Literal = r.bool()
			if r.bool() {
				x.Assigned = &Assigned{Keys: r.strs(), Value: r.str(), Near: r.int(), MinLength: r.int(), Name: r.str(), Calls: r.strs()}
			}
			x.Paths = r.strs()
			x.PathPattern = r.str()
			x.WholeFile = r.bool()
			x.Exact = r.bool()
			x.InTests = r.bool()
			x.Tags = r.strs()
			x.ExamplePath = r.str()
			if r.bool() {
				x.JWT = &JWT{AllOf: r.claims(), AnyOf: r.claims()}
			}
			x.Identifier = r.bool()
			x.WinsOver = r.strs()
		}
		providers[pi] = p
	}
	if r.bad || len(r.b) != 0 || len(providers) == 0 {
		return nil, nil, false
	}
	return providers, rest, true
}
