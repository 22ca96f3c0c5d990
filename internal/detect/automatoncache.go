package detect

import (
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"runtime"
	"unsafe"

	"github.com/leakhound/leakhound/internal/filecache"
)

// Building the catalogue's automaton (about 14,000 states of 65 classes)
// took a third of a one-file pre-commit scan's CPU. The tables depend only
// on the keyword list, so they are kept in the cache directory as the host
// lays them out in memory, and a later run maps the file and uses it as it
// is, without building or copying anything.

// automatonCache holds one automaton per keyword list; a few stay, as for
// catalogues.
var automatonCache = filecache.Kind{Prefix: "automaton-", Suffix: ".bin", Keep: 8}

// automatonFormat changes whenever the layout below or the way tables are
// built changes, so an older file is never read as a newer one. Its length
// is a multiple of 4 so that the tables after it are aligned.
const automatonFormat = "leakhound automaton v2\n\x00"

// byteOrderMark is written in the host's order: a file from a host of the
// other order does not match and is rebuilt.
const byteOrderMark = 0x01020304

// headerWords are the 32-bit fields after the format string: byte order,
// stride, maxLen, states, output ids, transitions.
const headerWords = 6

// loadAutomaton returns the automaton for keywords, from cacheDir when it
// holds one that checks, else built (and written there when cacheDir is
// set).
func loadAutomaton(keywords []string, cacheDir string) *automaton {
	if cacheDir == "" {
		return newAutomaton(keywords)
	}
	key := automatonKey(keywords)
	if data, release, ok := automatonCache.Map(cacheDir, key); ok {
		if a, ok := decodeAutomaton(data); ok {
			// The tables are the mapped file: it stays mapped while the
			// automaton is in use.
			runtime.AddCleanup(a, func(release func()) { release() }, release)
			return a
		}
		release()
	}
	a := newAutomaton(keywords)
	automatonCache.Write(cacheDir, key, a.encode())
	return a
}

// automatonKey names the keyword list: two hardware CRC-32s, as for the
// catalogue. A collision would only happen by accident, and the file's
// own checksum and bounds checks still hold.
func automatonKey(keywords []string) string {
	n := len(automatonFormat)
	for _, k := range keywords {
		n += len(k) + 1
	}
	list := make([]byte, 0, n)
	list = append(list, automatonFormat...)
	for _, k := range keywords {
		list = append(append(list, k...), 0)
	}
	var sum [8]byte
	binary.BigEndian.PutUint32(sum[:4], crc32.ChecksumIEEE(list))
	binary.BigEndian.PutUint32(sum[4:], crc32.Checksum(list, crc32.MakeTable(crc32.Castagnoli)))
	return hex.EncodeToString(sum[:])
}

// encode lays the automaton out as decodeAutomaton reads it: the format,
// the header words, the classes, the three tables, then a CRC-32C of all
// that.
func (a *automaton) encode() []byte {
	words := []uint32{byteOrderMark, a.stride, uint32(a.maxLen), uint32(a.states()), uint32(len(a.outIDs)), uint32(len(a.trans))}
	out := make([]byte, 0, len(automatonFormat)+4*(len(words)+len(a.outStart)+len(a.outIDs)+len(a.trans)+1)+len(a.classes))
	out = append(out, automatonFormat...)
	out = append(out, asBytes(words)...)
	out = append(out, a.classes[:]...)
	out = append(out, asBytes(a.outStart)...)
	out = append(out, asBytes(a.outIDs)...)
	out = append(out, asBytes(a.trans)...)
	return filecache.Seal(out)
}

// decodeAutomaton reads what encode wrote, using the tables in place. The
// checksum catches a damaged file; the bounds are checked too, once, so
// that no file can make a scan panic on an index.
func decodeAutomaton(data []byte) (*automaton, bool) {
	head := len(automatonFormat) + 4*headerWords + 256
	if len(data) < head+4 || string(data[:len(automatonFormat)]) != automatonFormat {
		return nil, false
	}
	body, ok := filecache.Unseal(data)
	if !ok {
		return nil, false
	}
	var words [headerWords]uint32
	for i := range words {
		words[i] = binary.NativeEndian.Uint32(data[len(automatonFormat)+4*i:])
	}
	order, stride, maxLen, states, nIDs, nTrans := words[0], words[1], words[2], words[3], words[4], words[5]
	if order != byteOrderMark || stride == 0 || stride > 256 || states == 0 || uint64(nTrans) != uint64(states)*uint64(stride) {
		return nil, false
	}
	if uint64(len(body)) != uint64(head)+4*(uint64(states)+1+uint64(nIDs)+uint64(nTrans)) {
		return nil, false
	}
	a := &automaton{stride: stride, maxLen: int(maxLen)}
	copy(a.classes[:], data[head-256:head])
	for _, c := range a.classes {
		if uint32(c) >= stride {
			return nil, false
		}
	}
	tables := body[head:]
	a.outStart = fromBytes[uint32](tables[:4*(states+1)])
	a.outIDs = fromBytes[int32](tables[4*(states+1) : 4*(states+1+nIDs)])
	a.trans = fromBytes[uint32](tables[4*(states+1+nIDs):])
	if a.outStart[0] != 0 || a.outStart[states] != nIDs {
		return nil, false
	}
	for i := range states {
		if a.outStart[i] > a.outStart[i+1] {
			return nil, false
		}
	}
	if !transitionsInRange(a.trans, nTrans-stride) {
		return nil, false
	}
	return a, true
}

// transitionsInRange reports whether every transition, its output flag
// cleared, is at most limit. With limit the last row's start, a scan step
// (a transition plus a class below the stride) and ends (a transition
// over the stride) stay inside the tables whatever the file holds, so no
// cache file can make a scan panic.
//
// Every entry of a 7 MB table is read at each start, so two are checked
// per 64-bit word without a branch: limit minus an entry that is not
// over it is not negative, so its top bit stays clear; subtracting both
// halves at once borrows into the high half only when the low one is
// already over.
func transitionsInRange(trans []uint32, limit uint32) bool {
	var over uint32
	// Single entries up to an 8-byte boundary and after the last pair.
	for len(trans) > 0 && uintptr(unsafe.Pointer(&trans[0]))%8 != 0 {
		over |= limit - trans[0]&^outFlag
		trans = trans[1:]
	}
	if len(trans)%2 == 1 {
		over |= limit - trans[len(trans)-1]&^outFlag
		trans = trans[:len(trans)-1]
	}
	const flags = uint64(outFlag)<<32 | outFlag
	limits := uint64(limit)<<32 | uint64(limit)
	var pairs, more uint64
	if len(trans) > 0 {
		words := unsafe.Slice((*uint64)(unsafe.Pointer(&trans[0])), len(trans)/2)
		for len(words) >= 4 {
			w := words[:4:4]
			pairs |= (limits - w[0]&^flags) | (limits - w[2]&^flags)
			more |= (limits - w[1]&^flags) | (limits - w[3]&^flags)
			words = words[4:]
		}
		for _, w := range words {
			pairs |= limits - w&^flags
		}
	}
	return (pairs|more)&flags == 0 && over&outFlag == 0
}

// asBytes is a table's memory as bytes, in the host's order.
func asBytes[T uint32 | int32](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), 4*len(s))
}

// fromBytes is b's memory as a table, without copying when b is aligned
// (mappings and os.ReadFile's buffers are) and copied when it is not.
func fromBytes[T uint32 | int32](b []byte) []T {
	if len(b) == 0 {
		return nil
	}
	if uintptr(unsafe.Pointer(&b[0]))%4 != 0 {
		s := make([]T, len(b)/4)
		copy(asBytes(s), b)
		return s
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), len(b)/4)
}
