package detect

// BER (ITU-T X.690) lets a writer leave a constructed value's length open
// (0x80, closed by two zero bytes) and send an OCTET STRING in pieces;
// DER, which encoding/asn1 reads, allows neither. PKCS#12 files from
// Windows, NSS and some Java providers use both. berToDER writes such a
// file again as DER: lengths made definite, pieces joined, nothing else
// changed, so a MAC over the content octets still verifies.

// maxBERDepth bounds the nesting read; a PKCS#12 file nests about ten deep.
const maxBERDepth = 32

// berToDER returns data, one BER element, as DER, or false when it is not
// one well-formed element.
func berToDER(data []byte) ([]byte, bool) {
	der, rest, ok := berElement(data, 0)
	return der, ok && len(rest) == 0
}

// berElement converts the element at the start of b and returns what
// follows it.
func berElement(b []byte, depth int) (der, rest []byte, ok bool) {
	if depth > maxBERDepth || len(b) < 2 {
		return nil, nil, false
	}
	tagLen := 1
	if b[0]&0x1f == 0x1f { // a tag number in the following bytes
		for tagLen < len(b) && tagLen < 5 && b[tagLen]&0x80 != 0 {
			tagLen++
		}
		tagLen++
		if tagLen >= len(b) {
			return nil, nil, false
		}
	}
	tag, constructed := b[:tagLen], b[0]&0x20 != 0
	i := tagLen
	l := b[i]
	i++
	var content []byte
	indefinite := false
	switch {
	case l < 0x80:
		if int(l) > len(b)-i {
			return nil, nil, false
		}
		content, rest = b[i:i+int(l)], b[i+int(l):]
	case l == 0x80:
		if !constructed {
			return nil, nil, false
		}
		indefinite, rest = true, b[i:]
	default:
		k := int(l & 0x7f)
		if k > 4 || k > len(b)-i {
			return nil, nil, false
		}
		n := 0
		for _, c := range b[i : i+k] {
			n = n<<8 | int(c)
		}
		i += k
		if n < 0 || n > len(b)-i {
			return nil, nil, false
		}
		content, rest = b[i:i+n], b[i+n:]
	}
	if !constructed {
		return appendTLV(nil, tag, content), rest, true
	}
	r := content
	if indefinite {
		r = rest
	}
	var body []byte
	for {
		if indefinite {
			if len(r) >= 2 && r[0] == 0 && r[1] == 0 {
				rest = r[2:]
				break
			}
		} else if len(r) == 0 {
			break
		}
		child, next, ok := berElement(r, depth+1)
		if !ok {
			return nil, nil, false
		}
		if b[0] == 0x24 {
			// An OCTET STRING in pieces: each piece is an OCTET STRING,
			// whose contents are joined.
			if child[0] != 0x04 {
				return nil, nil, false
			}
			child = derContent(child)
		}
		body = append(body, child...)
		r = next
	}
	if b[0] == 0x24 {
		return appendTLV(nil, []byte{0x04}, body), rest, true
	}
	return appendTLV(nil, tag, body), rest, true
}

// appendTLV appends tag, content's DER length and content to dst.
func appendTLV(dst, tag, content []byte) []byte {
	dst = append(dst, tag...)
	n := len(content)
	switch {
	case n < 0x80:
		dst = append(dst, byte(n))
	default:
		k := 0
		for m := n; m > 0; m >>= 8 {
			k++
		}
		dst = append(dst, 0x80|byte(k))
		for j := k - 1; j >= 0; j-- {
			dst = append(dst, byte(n>>(8*j)))
		}
	}
	return append(dst, content...)
}

// derContent returns the content of a DER element with a one-byte tag,
// as appendTLV writes it.
func derContent(tlv []byte) []byte {
	l := tlv[1]
	if l < 0x80 {
		return tlv[2:]
	}
	return tlv[2+int(l&0x7f):]
}
