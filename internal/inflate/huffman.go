package inflate

import "math/bits"

// A table entry decodes one code (RFC 1951 3.2.2), read least significant
// bit first: the low bits of the bit buffer index a table of
// 1<<root entries, and a code longer than root bits points on to a
// sub-table indexed by the bits after the first root.
//
//	bits 0-4   bits consumed: the code's length plus its extra bits
//	bits 8-11  the code's length (a sub-table pointer: its index bits)
//	bits 12-15 what the entry is (the flags below; none: a length or a
//	           distance)
//	bits 16-31 the literal byte, the base of a length or distance, or
//	           the sub-table's offset
const (
	flagLiteral = 1 << 12
	flagEnd     = 2 << 12 // end of block
	flagSub     = 4 << 12 // a pointer to a sub-table
	flagBad     = 8 << 12 // no symbol, or one the format does not allow
)

// entryTotal, entryLen and entryValue read the fields of an entry.
func entryTotal(e uint32) uint { return uint(e & 31) }
func entryLen(e uint32) uint   { return uint(e>>8) & 15 }
func entryValue(e uint32) int  { return int(e >> 16) }

// histogram counts the codes of each length and lists the symbols with
// one, in used.
func histogram(lengths []uint8, used []uint16) (count [16]uint16, _ []uint16) {
	for s, l := range lengths {
		count[l]++
		if l != 0 {
			used = append(used, uint16(s))
		}
	}
	return count, used
}

// badEntry is what an unused table slot holds.
const badEntry = flagBad

// Primary table sizes. A literal/length table of 10 bits holds the codes
// most blocks use without a second look-up while staying cheap to fill
// for the small blocks of git's deltas; distances are fewer.
const (
	litRoot  = 10
	distRoot = 8
	clenRoot = 7 // code length codes are at most 7 bits: no sub-tables
)

// Table capacities: the primary table and room for sub-tables. A
// complete code of 286 (30) symbols needs at most 1332 (402) entries at
// these roots (the bound zlib's "enough" computes); build checks the
// room anyway, so a miscount is an error and never an overrun.
const (
	litEnough  = 1332
	distEnough = 402
	clenEnough = 1 << clenRoot
)

// litSymbols, distSymbols and clenSymbols are each symbol's entry before
// its code length is added in: its kind, value and extra bits (RFC 1951
// 3.2.5).
var (
	litSymbols  = makeLitSymbols()
	distSymbols = makeDistSymbols()
	clenSymbols = makeClenSymbols()
)

func makeLitSymbols() (s [288]uint32) {
	for i := range 256 {
		s[i] = uint32(i)<<16 | flagLiteral
	}
	s[256] = flagEnd
	for i := range 28 { // 257..284
		base, extra := i+3, 0
		if i >= 8 {
			extra = i/4 - 1
			base = (4+i%4)<<extra + 3
		}
		s[257+i] = uint32(base)<<16 | uint32(extra)
	}
	s[285] = 258 << 16
	// 286 and 287 have fixed codes but no meaning.
	s[286], s[287] = flagBad, flagBad
	return s
}

func makeDistSymbols() (s [32]uint32) {
	for d := range 30 {
		base, extra := d+1, 0
		if d >= 4 {
			extra = (d - 2) / 2
			base = (2+d&1)<<extra + 1
		}
		s[d] = uint32(base)<<16 | uint32(extra)
	}
	s[30], s[31] = flagBad, flagBad
	return s
}

func makeClenSymbols() (s [19]uint32) {
	for i := range s {
		s[i] = uint32(i) << 16
	}
	return s
}

// builder holds what building a table needs besides the table, kept so
// that it is not cleared for every table.
type builder struct {
	sorted [288]uint16 // symbols in canonical order
}

// build fills t with the decoding table of the code whose lengths are
// given, symbol by symbol (0: unused), and reports whether the standard
// library's decoder would accept the code: complete, or empty (an error
// only when a symbol is read), or a single code of one bit (zlib writes
// those). count is how many codes there are of each length (count[0] is
// not read), used the symbols that have one in increasing order (so that
// the unused ones are not looked at again); syms are the symbols' entries
// without their lengths.
func (b *builder) build(t []uint32, root uint, lengths []uint8, count *[16]uint16, used []uint16, syms []uint32) bool {
	max := uint(15)
	for max > 0 && count[max] == 0 {
		max--
	}
	// The Kraft sum in units of 2^-max: 1<<max when complete.
	kraft := 0
	for l := uint(1); l <= max; l++ {
		kraft += int(count[l]) << (max - l)
	}
	if kraft != 1<<max && !(max == 1 && count[1] == 1) && max != 0 {
		return false
	}
	size := 1 << root
	if max == 0 {
		// No codes: every slot is bad, an error only once read.
		for i := range t[:size] {
			t[i] = badEntry
		}
		return true
	}

	// Symbols in canonical order: by length, then by value.
	var offs [16]uint16
	sum := uint16(0) // in a register: offs[l-1] would be read back from memory
	for l := 1; l < 16; l++ {
		offs[l] = sum
		sum += count[l]
	}
	sorted := &b.sorted
	for _, s := range used {
		l := lengths[s]
		sorted[offs[l]] = s
		offs[l]++
	}

	// Codes up to root bits: the table is built at the size of the
	// shortest code and doubled for each longer length, so that a code
	// is written once and its copies (the slots whose low bits are its
	// bits) come from the doubling, a block copy. Slots no code of the
	// lengths so far fills are filled later by a longer code (or stay
	// bad when the code is a single one of one bit).
	minLen := uint(1)
	for count[minLen] == 0 {
		minLen++
	}
	filled := 1 << min(minLen, root)
	for i := range t[:filled] {
		t[i] = badEntry
	}
	code := 0
	i := 0 // into sorted
	for l := minLen; l <= min(max, root); l++ {
		for ; filled < 1<<l; filled *= 2 {
			copy(t[filled:2*filled], t[:filled])
		}
		for range count[l] {
			sym := sorted[i]
			i++
			r := bits.Reverse16(uint16(code)) >> (16 - l)
			t[r] = syms[sym] + uint32(l)<<8 + uint32(l)
			code++
		}
		code <<= 1
	}
	for ; filled < size; filled *= 2 {
		copy(t[filled:2*filled], t[:filled])
	}
	if max <= root {
		return true
	}

	// Longer codes go in sub-tables, one for each first root bits.
	left := count    // codes of each length not placed yet
	end := size      // where the next sub-table goes
	prev := root + 1 // the length code is now counted in
	if minLen > prev {
		prev = minLen
	}
	subPrefix, subStart, subBits := -1, 0, uint(0)
	for _, s := range sorted[i:offs[15]] {
		l := uint(lengths[s])
		code <<= l - prev
		prev = l
		r := int(bits.Reverse16(uint16(code)) >> (16 - l))
		code++
		e := syms[s] + uint32(l)<<8 + uint32(l)
		if prefix := r & (size - 1); prefix != subPrefix {
			// A new sub-table, as large as the codes sharing this prefix
			// need (the way zlib's inftrees sizes them).
			cur := l - root
			room := 1 << cur
			for cur+root < max {
				room -= int(left[cur+root])
				if room <= 0 {
					break
				}
				cur++
				room <<= 1
			}
			if end+1<<cur > len(t) {
				return false
			}
			t[prefix] = uint32(end)<<16 | flagSub | uint32(cur)<<8 | uint32(root)
			subPrefix, subStart, subBits = prefix, end, cur
			end += 1 << cur
		}
		for i := r >> root; i < 1<<subBits; i += 1 << (l - root) {
			t[subStart+i] = e
		}
		left[l]--
	}
	return true
}
