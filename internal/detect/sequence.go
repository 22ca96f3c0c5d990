package detect

// sequenceRun reports a run of at least n characters that each follow the
// one before in ASCII order, without regard to case (0123456789,
// abcdefghij): documentation fills a key's field with the alphabet, and no
// generator of random keys writes such a run.
func sequenceRun(v []byte, n int) bool {
	run := 1
	for i := 1; i < len(v); i++ {
		p, c := v[i-1]|0x20, v[i]|0x20 // ASCII lower case; digits keep their value
		if c == p+1 && (digit(v[i]) && digit(v[i-1]) || isLetter(v[i]) && isLetter(v[i-1])) {
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

func digit(c byte) bool { return '0' <= c && c <= '9' }

// madeUpSequence reports a value long enough to stand for a key that holds
// a run of nine sequential characters (1234567890abcdefghijklmnopqrstuvwxyz,
// abcdefghijklmnopqrstuvwx). A short one (abc123456789) is a weak password
// someone set, and stays one.
func madeUpSequence(v []byte) bool {
	return len(v) >= 16 && sequenceRun(v, 9)
}
