package detect

import (
	"strings"

	"github.com/leakhound/leakhound/internal/rule"
)

// Keys and tokens are read only with a digit in them, since values of
// letters alone are mostly words and names (getSecretKey, changeme,
// YOURSECRETKEYGOESHERE). Some generated and hand-typed secrets have no
// digit (kQwIOrYvnXmSDkwEiFngrKidMcdrgKor, a run of keyboard letters): they
// are told apart by letter pairs that English words and the names made of
// them do not hold (qw, jf, zg, bj ...), counted inside each camel-case
// part so that a name's part boundaries (keyFrom) are never counted.

// minRandomLetters is the shortest letters-only value read as a key: a
// shorter one is as likely a word or an abbreviation with one odd pair.
const minRandomLetters = 16

// unwordPairs are letter pairs that do not occur inside English words (q
// but before u, j before a consonant, and the rarest consonant pairs);
// compounds may join some at a boundary (backquote), which is why two
// are needed.
var unwordPairs = func() (t [26][26]bool) {
	const consonants = "bcdfghjklmnpqrstvwxz"
	for c := byte('a'); c <= 'z'; c++ {
		if c != 'u' {
			t['q'-'a'][c-'a'] = true
		}
	}
	for i := 0; i < len(consonants); i++ {
		t['j'-'a'][consonants[i]-'a'] = true
	}
	for _, p := range []string{
		"xj", "xk", "xz", "xg", "xd", "xr", "xv", "xq", "xx",
		"zj", "zx", "zq", "zf", "zk", "zv", "zg",
		"vb", "vf", "vh", "vj", "vk", "vm", "vp", "vq", "vw", "vx", "vz", "vg", "vd", "vt", "vc", "vn",
		"kq", "kx", "kz", "kj", "kv",
		"fj", "fq", "fv", "fx", "fz",
		"bq", "bx", "bz",
		"gq", "gx", "gz", "gj", "gv", "gk",
		"cj", "cx", "cv", "cz", "cg", "cf", "cw",
		"dx", "dq", "dz",
		"hx", "hz", "hq", "hj", "hv",
		"lx", "lq", "lj",
		"mx", "mq", "mz", "mj", "mv", "mk", "mg",
		"pq", "px", "pz", "pj", "pv",
		"sx",
		"tq", "tx", "tj",
		"wq", "wx", "wz", "wj", "wv",
		"yq", "yj",
	} {
		t[p[0]-'a'][p[1]-'a'] = true
	}
	return t
}()

// randomLetters reports a value of ASCII letters only, long enough, that
// holds at least two marks no word holds: a letter pair of unwordPairs
// within a camel-case part, or a run of six consonants or more (xnbsht):
// English words stop at five (strengths), words glued together rarely
// reach six.
func randomLetters(v []byte) bool {
	if len(v) < minRandomLetters || keyboardRow(v, 6) {
		return false
	}
	odd, run := 0, 0
	for i, c := range v {
		if !isLetter(c) {
			return false
		}
		lc := lower(c)
		// The alphabet in order (jk, qr, jklmn) is a placeholder's run.
		inOrder := i > 0 && lc == lower(v[i-1])+1
		// A pair across a camel-case boundary is two words' (keyFrom).
		if i > 0 && !inOrder && !(isLower(v[i-1]) && isUpper(c)) && unwordPairs[lower(v[i-1])-'a'][lc-'a'] {
			odd++
		}
		switch {
		case strings.IndexByte("aeiouy", lc) >= 0 || inOrder:
			run = 0
		case run == 5:
			odd++
			run++
		default:
			run++
		}
	}
	return odd >= 2
}

// keyboardRows are a QWERTY keyboard's letter rows, left to right.
var keyboardRows = [...]string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// keyboardRow reports n letters or more typed along a keyboard row in
// order (qwertyuiop, asdfghjkl): a placeholder made by sliding a finger,
// where a hand mashing keys (asdasdasifhueu) goes back and forth.
func keyboardRow(v []byte, n int) bool {
	run := 1
	for i := 1; i < len(v); i++ {
		if nextOnRow(lower(v[i-1]), lower(v[i])) {
			if run++; run >= n {
				return true
			}
			continue
		}
		run = 1
	}
	return false
}

func nextOnRow(p, c byte) bool {
	for _, row := range keyboardRows {
		if i := strings.IndexByte(row, p); i >= 0 && i+1 < len(row) && row[i+1] == c {
			return true
		}
	}
	return false
}

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// acceptsLetters is acceptsShape for random letters of one case: they are
// one class of characters, yet no less a key for it, so only the rule's
// entropy is asked of them.
func (c *compiled) acceptsLetters(v []byte) bool {
	if !randomLetters(v) {
		return false
	}
	h := rule.Entropy(v)
	return c.Entropy == 0 || h >= c.Entropy || c.floor().randomLike(h, len(v))
}
