package detect

import "bytes"

// decoderCalls name calls that decode a literal into the bytes a key is
// used as: setCipherKey(Base64.decode("...")), SECRET = base64.b64decode(
// "..."), Convert.FromBase64String("..."). The literal is the secret as it
// leaks, whatever it decodes to. Each is the callee's end as written, its
// receiver included, so a call of the same method name on anything else
// is not read.
var decoderCalls = [...][]byte{
	// Java: Shiro's and Android's Base64.decode, java.util.Base64,
	// commons-codec, JAXB.
	[]byte("Base64.decode"), []byte("getDecoder().decode"), []byte("getUrlDecoder().decode"), []byte("getMimeDecoder().decode"),
	[]byte("Base64.decodeBase64"), []byte("Hex.decodeHex"), []byte("parseBase64Binary"), []byte("parseHexBinary"),
	// Python
	[]byte("b64decode"), []byte("urlsafe_b64decode"), []byte("bytes.fromhex"), []byte("unhexlify"), []byte("a2b_base64"),
	// Go
	[]byte("Encoding.DecodeString"), []byte("hex.DecodeString"),
	// C#, Ruby, PHP, browsers
	[]byte("Convert.FromBase64String"), []byte("Base64.decode64"), []byte("Base64.strict_decode64"), []byte("Base64.urlsafe_decode64"),
	[]byte("base64_decode"), []byte("hex2bin"), []byte("atob"),
}

// decodedLiteral reads the string literal a decoding call at i takes as
// its first argument. A call on a variable, or of any other function, is
// no literal.
func decodedLiteral(data []byte, i int, buf *[]byte) (value, bool) {
	limit := min(len(data), i+maxNameLen)
	k := i
	// The callee, with the empty calls of a chain (Base64.getDecoder().decode).
	for k < limit {
		c := data[k]
		if isWordByte(c) || c == '.' || c == ':' || c == '$' || c == '>' && k > i && data[k-1] == '-' {
			k++
			continue
		}
		if c == '(' && k+2 < limit && data[k+1] == ')' && data[k+2] == '.' {
			k += 3
			continue
		}
		break
	}
	if k == i || k >= len(data) || data[k] != '(' || !decoderName(data[i:k]) {
		return value{}, false
	}
	v, ok := readQuoted(data, skipBlanks(data, k+1), buf)
	if !ok {
		return value{}, false
	}
	if e := skipBlanks(data, v.end+1); e >= len(data) || data[e] != ')' && data[e] != ',' {
		return value{}, false // "..." + suffix: an expression, not the literal
	}
	return v, true
}

// decoderName reports a callee that ends with one of decoderCalls, at a
// boundary of its name.
func decoderName(callee []byte) bool {
	for _, d := range decoderCalls {
		if bytes.HasSuffix(callee, d) {
			if s := len(callee) - len(d); s == 0 || !isWordByte(callee[s-1]) {
				return true
			}
		}
	}
	return false
}
