package detect

// hexIntLiteral reports an integer written as C and its kin write one,
// unquoted: 0x then up to 16 hex digits, with an optional U or L suffix
// (DBPROP_AUTH_PASSWORD = 0x00000009, an enumeration's value).
func hexIntLiteral(v []byte) bool {
	if len(v) < 3 || v[0] != '0' || v[1] != 'x' && v[1] != 'X' {
		return false
	}
	i := 2
	for i < len(v) && i-2 < 16 && isHexDigit(v[i]) {
		i++
	}
	if i == 2 {
		return false
	}
	for i < len(v) && (v[i] == 'u' || v[i] == 'U' || v[i] == 'l' || v[i] == 'L') {
		i++
	}
	return i == len(v)
}

// dottedNumbers reports four or more numbers joined by dots: an object
// identifier ('pkcs-9-at-challengePassword' => '1.2.840.113549.1.9.7'),
// an IPv4 address or a version, none of them a password.
func dottedNumbers(v []byte) bool {
	parts, digits := 1, 0
	for _, c := range v {
		switch {
		case digit(c):
			digits++
		case c == '.' && digits > 0:
			parts++
			digits = 0
		default:
			return false
		}
	}
	return parts >= 4 && digits > 0
}
