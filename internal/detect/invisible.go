package detect

import "unicode/utf8"

// Characters that show nothing (zero-width spaces and joiners, the word
// joiner, a byte order mark, the soft hyphen, Hangul fillers) and
// bidirectional controls, put inside a key name (AWS_SECRET<ZWSP>_ACCESS_KEY)
// or a token, hide it from every pattern while an editor shows it whole.
// So do Cyrillic and Greek letters that look like Latin ones, written
// into a key name (pаssword with a Cyrillic а). Such a line is read again
// as an escape view (see escapes.go) with the invisible characters
// dropped and the look-alikes, in a word that also holds Latin letters,
// read as the Latin letter: what the view finds counts when one of them
// lies in the secret or before it on its line (its key), and is placed
// at the secret's bytes in the file. A look-alike inside a secret is not
// read as Latin: the secret is reported as the file holds it, or not at
// all. Prefilter keywords find them, so plain ASCII costs nothing more.

// EncodingZeroWidth marks a secret found with invisible characters
// dropped from it.
const EncodingZeroWidth = "zero-width"

// invisible tells a character that shows nothing (Unicode's
// Default_Ignorable_Code_Point set, the ones that are typed or pasted
// into text, and the Hangul fillers, which are letters but blank).
func invisible(r rune) bool {
	switch {
	case r < 0x00ad:
		return false
	case r == 0x00ad, r == 0x034f, r == 0x061c, r == 0x115f, r == 0x1160, r == 0x180e,
		0x200b <= r && r <= 0x200f, 0x202a <= r && r <= 0x202e,
		0x2060 <= r && r <= 0x2064, 0x2066 <= r && r <= 0x2069,
		r == 0x3164, r == 0xfeff, r == 0xffa0:
		return true
	}
	return false
}

// lookalike returns the Latin letter a Cyrillic or Greek letter is drawn
// like, or 0.
func lookalike(r rune) byte {
	switch {
	case 0x0370 <= r && r < 0x0400:
		return greekLatin[r-0x0370]
	case 0x0400 <= r && r < 0x0480:
		return cyrillicLatin[r-0x0400]
	}
	return 0
}

var cyrillicLatin = latinTable(0x0400, "аaеeоoрpсcуyхxіiјjѕsАAВBЕEКKМMНHОOРPСCТTХXІIЈJЅS")
var greekLatin = latinTable(0x0370, "οoαaρpνvιiκkΑAΒBΕEΖZΗHΙIΚKΜMΝNΟOΡPΤTΥYΧX")

// latinTable maps the letters of a block from base on to Latin ones,
// given as pairs of a letter and its Latin look-alike.
func latinTable(base rune, pairs string) (t [0x90]byte) {
	rs := []rune(pairs)
	for i := 0; i+1 < len(rs); i += 2 {
		t[rs[i]-base] = byte(rs[i+1])
	}
	return t
}

// invisibleWords are the prefilter keywords that find them, with as few
// distinct bytes as will do (every byte a keyword holds widens the
// prefilter's table, and every hit costs): the UTF-8 of the zero-width
// spaces and joiners, direction marks and overrides, the word joiner and
// the soft hyphen, exactly (their block's dashes and quotes are common in
// prose); and a Latin letter,
// digit or underscore followed by the first byte of a Cyrillic or Greek
// letter, where a name turns to look-alikes (in Cyrillic or Greek text a
// keyword for each letter would be hit at every other byte); and each
// look-alike followed by a Latin letter, digit or underscore, where a
// name turns back to Latin (Рassword: a word of Cyrillic or Greek text
// hardly holds a Latin letter). The other invisible characters
// (U+034F, U+061C, U+115F, U+1160, U+180E, U+2061-U+2064, direction
// isolates, U+3164, the byte order mark, U+FFA0) are dropped only in a
// line something else brought to be read again.
var invisibleWords = func() []string {
	var words []string
	for _, r := range []rune{0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x00ad} {
		words = append(words, string(r))
	}
	const latin = "abcdefghijklmnopqrstuvwxyz0123456789_"
	for _, lead := range []string{"\xd0", "\xd1", "\xce", "\xcf"} {
		for _, c := range latin {
			words = append(words, string(c)+lead)
		}
	}
	// The automaton reads a character's continuation bytes as one class
	// (normalizeKeyword), so a look-alike's keyword is its first byte, one
	// continuation byte and the Latin letter: one word per first byte and
	// letter, not per look-alike (1,800 words built and folded at every
	// start, for the same 300).
	var leads [256]bool
	for _, block := range []struct {
		base  rune
		table *[0x90]byte
	}{{0x0370, &greekLatin}, {0x0400, &cyrillicLatin}} {
		for i, l := range block.table {
			if l != 0 {
				leads[string(block.base + rune(i))[0]] = true
			}
		}
	}
	for lead, ok := range leads {
		if !ok {
			continue
		}
		for _, c := range latin {
			words = append(words, string([]byte{byte(lead), utf8Cont, byte(c)}))
		}
	}
	return words
}()

// decodeInvisible decodes the character at data[i], which is not ASCII:
// an invisible one stands for nothing, a look-alike in a word that holds
// Latin letters for its Latin letter; any other is no escape (n 0).
// word, when set, keeps the answer for the word read last.
func decodeInvisible(data []byte, i int, word *wordSpan) (r rune, n int, kind escapeKind, hides bool) {
	switch data[i] {
	case 0xc2, 0xcd, 0xd8, 0xe1, 0xe2, 0xe3, 0xef: // lead bytes of invisible characters
		if c, size := utf8.DecodeRune(data[i:]); invisible(c) {
			return -1, size, escapeZeroWidth, true
		}
	case 0xce, 0xcf, 0xd0, 0xd1: // Greek, Cyrillic
		c, size := utf8.DecodeRune(data[i:])
		if latin := lookalike(c); latin != 0 && mixedWord(data, i, i+size, word) {
			return rune(latin), size, escapeLookalike, true
		}
	}
	return 0, 0, escapeNone, false
}

// hidingHit tells whether the escape word found at data[hs:he] is worth
// reading again: any ASCII one (see escapeWords), an invisible character,
// or a look-alike in a word that holds Latin letters. Other characters of
// the general punctuation block (dashes, quotes) and Cyrillic or Greek
// words go no further than this test.
func hidingHit(data []byte, hs, he int) bool {
	at := hs
	switch {
	case data[hs] >= utf8.RuneSelf:
	case data[he-1] >= utf8.RuneSelf:
		at = he - 1 // a Latin letter, then a look-alike's first byte
	default:
		return true
	}
	_, n, _, hides := decodeInvisible(data, at, nil)
	return n > 0 && hides
}

// wordSpan is the stretch of content a mixedWord call read, and its
// answer, which holds for every character in it.
type wordSpan struct {
	from, to int
	mixed    bool
}

// mixedWord tells whether the word around data[from:to] holds a Latin
// letter and, besides, only look-alikes and invisible characters: a name
// written to hide, not a Cyrillic or Greek word. It looks at most 24
// bytes either way, so a line of look-alikes costs a bounded look for
// each; word, when set, answers for the stretch read last and keeps the
// stretch read now.
func mixedWord(data []byte, from, to int, word *wordSpan) bool {
	if word != nil && word.to > word.from && from >= word.from && to <= word.to {
		return word.mixed
	}
	latin := false
	// side reads characters one way while they continue the word and
	// returns where it stopped; other is set when a letter of another
	// script stopped it.
	other := false
	side := func(at, step int) int {
		for k := 0; k < 24 && at >= 0 && at < len(data); k++ {
			c := data[at]
			if c < utf8.RuneSelf {
				switch {
				case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
					latin = true
				case '0' <= c && c <= '9' || c == '_':
				default:
					return at // the word ends
				}
				at += step
				continue
			}
			var r rune
			var size int
			if step > 0 {
				r, size = utf8.DecodeRune(data[at:])
			} else {
				r, size = utf8.DecodeLastRune(data[:at+1])
			}
			if lookalike(r) == 0 && !invisible(r) {
				other = true
				return at
			}
			at += step * size
		}
		return at
	}
	lo := side(from-1, -1)
	hi := to
	if !other {
		hi = side(to, 1)
	}
	mixed := latin && !other
	if word != nil {
		*word = wordSpan{from: max(lo, 0), to: min(hi, len(data)), mixed: mixed}
	}
	return mixed
}

// beforeOnLine tells whether a zero-width or look-alike mark of the view
// lies on the line of the view's start..end, before end: in the name a
// secret is assigned to, or in the secret.
func (v *escapedView) beforeOnLine(start, end int) bool {
	lineStart := 0
	for i := start - 1; i >= 0; i-- {
		if v.decoded[i] == '\n' {
			lineStart = i + 1
			break
		}
	}
	for _, m := range v.marks {
		if m.dec >= end {
			break
		}
		if m.hides && (m.kind == escapeZeroWidth || m.kind == escapeLookalike) && m.dec >= lineStart {
			return true
		}
	}
	return false
}

// foldsSecret tells whether a look-alike was read as Latin within
// start..end of the view.
func (v *escapedView) foldsSecret(start, end int) bool {
	for _, m := range v.marks {
		if m.kind == escapeLookalike && m.dec >= start && m.dec < end {
			return true
		}
	}
	return false
}
