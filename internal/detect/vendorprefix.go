package detect

import "strings"

// A value that starts with a vendor's token prefix but carries too little
// after it to be the token (rk_test_w6VdtqFE, tskey-scim-kbaH...) is that
// vendor's token cut short, as documentation, changelogs and masked logs
// write them: the vendor's rule did not match it, and a generic rule must
// not report it as a secret of its own. A long body is left to generic
// rules, so a token of a format the catalogue does not know yet is still
// found.

// minTokenBody is the fewest characters after its prefix a vendor token
// has: no catalogued format carries less randomness than 16 characters.
const minTokenBody = 16

// ordinaryPrefixes are keywords some vendor's tokens begin with that
// also begin ordinary values (live_..., token-..., v1.0-...): a short
// value after them is not a vendor's token cut short.
var ordinaryPrefixes = map[string]bool{"live_": true, "test_": true, "stage_": true, "production_": true, "token-": true, "1000.": true, "v1.0-": true}

// maybeVendorPrefix reports whether a keyword could be a token prefix:
// ending in _, - or ., at least four characters before the separator (hf_,
// sk- and pk_ begin too many ordinary values), and no ordinary word.
func maybeVendorPrefix(k string) bool {
	if len(k) < 5 {
		return false
	}
	// The separator first: most keywords end in none, and the engine asks
	// for each of the catalogue's keywords at every start.
	switch k[len(k)-1] {
	case '_', '-', '.':
		return !ordinaryPrefixes[normalizeKeyword(k)]
	}
	return false
}

// cutVendorToken reports whether v is a vendor's token cut short: it
// begins with a keyword of a provider rule whose every match begins with
// that keyword (the keyword is the token's prefix, not a name near it), and
// what follows is shorter than minTokenBody or ends in an ellipsis.
func (e *Engine) cutVendorToken(v string) bool {
	if len(e.prefixRules) == 0 || len(v) < 5 {
		return false
	}
	for i := 4; i < len(v) && i < 40; i++ {
		switch v[i] {
		case '_', '-', '.':
		default:
			continue
		}
		body := v[i+1:]
		if len(body) >= minTokenBody && !strings.HasSuffix(body, "...") && !strings.HasSuffix(body, "…") {
			continue
		}
		for _, ri := range e.prefixRules[normalizeKeyword(v[:i+1])] {
			if e.rules[ri].prog().startsAtHit {
				return true
			}
		}
	}
	return false
}
