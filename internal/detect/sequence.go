package detect

// sequenceRun reports a run of at least n characters that each follow the
// one before in ASCII order, without regard to case (0123456789,
// abcdefghij): documentation fills a key's field with the alphabet, and no
// generator of random keys writes such a run.
func sequenceRun(v []byte, n int) bool {
	run := 1
	for i := 1; i < len(v); i++ {
		if follows(v[i-1], v[i]) {
			run++
			if run >= n {
				return true
			}
			continue
		}
		run = 1
	}
	return false
}

// follows reports c coming right after p in the digits, the alphabet
// (without regard to case) or a row of a QWERTY keyboard.
func follows(p, c byte) bool {
	lp, lc := p|0x20, c|0x20 // ASCII lower case; digits keep their value
	if lc == lp+1 && (digit(p) && digit(c) || isLetter(p) && isLetter(c)) {
		return true
	}
	return isLetter(p) && isLetter(c) && nextOnRow(lp, lc)
}

func digit(c byte) bool { return '0' <= c && c <= '9' }

// madeUpSequence reports a value long enough to stand for a key that is
// a fill: nine letters or more of the alphabet or a keyboard row in a
// row (abcdefghijklmnopqrstuvwxyz, asdfghjkl), or runs of four or more
// sequential characters making two thirds of it
// (12345678-ABCD-ABCD-ABCD-1234567890AB, abcdef0123456789abcdef0123456789).
// A run of digits alone in a longer value is how people extend a
// password (Company123456789), and a short value with one
// (abc123456789) is a weak password someone set: both stay findings.
func madeUpSequence(v []byte) bool {
	if len(v) < 16 {
		return false
	}
	covered, run, letters := 0, 1, 1
	for i := 1; i <= len(v); i++ {
		if i < len(v) && follows(v[i-1], v[i]) {
			run++
			if isLetter(v[i]) {
				if letters++; letters >= 9 {
					return true
				}
			}
			continue
		}
		if run >= 4 {
			covered += run
		}
		run, letters = 1, 1
	}
	return covered*3 >= len(v)*2
}
