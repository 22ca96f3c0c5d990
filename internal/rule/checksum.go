package rule

import (
	"bytes"
	"encoding/base32"
	"encoding/base64"
	"hash/crc32"
)

// ChecksumFunc reports whether a secret's built-in checksum is right.
type ChecksumFunc func(secret []byte) bool

// LookupChecksum returns the verifier with that name, or nil.
func LookupChecksum(name string) ChecksumFunc {
	switch name {
	case "crc32-base62":
		return crc32Base62Tail
	case "base64-user-password":
		return base64UserPassword
	case "atlassian-pat":
		return atlassianPAT
	case "bip39":
		return bip39Mnemonic
	case "discord-snowflake":
		return discordSnowflake
	case "nkey-seed":
		return nkeySeed
	}
	return nil
}

// base64UserPassword checks a basic-auth credential as HTTP sends it
// (RFC 7617): base64 of user:password, both parts present and printable.
// Docker's config.json "auth" and npm's _auth are written the same way.
func base64UserPassword(secret []byte) bool {
	dec := make([]byte, base64.StdEncoding.DecodedLen(len(secret)))
	n, err := base64.StdEncoding.Decode(dec, secret)
	if err != nil {
		return false
	}
	dec = dec[:n]
	i := bytes.IndexByte(dec, ':')
	if i <= 0 || i == len(dec)-1 {
		return false
	}
	for _, c := range dec {
		if c < 0x20 || c == 0x7f {
			return false
		}
	}
	return true
}

const base62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// crc32Base62Tail checks the token format GitHub introduced in 2021 and npm
// adopted: <prefix>_<random><6 chars>, where the 6 chars are the CRC32 (IEEE)
// of the random part in base62, zero-padded on the left.
// github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
func crc32Base62Tail(secret []byte) bool {
	body := secret
	if i := bytes.LastIndexByte(secret, '_'); i >= 0 {
		body = secret[i+1:]
	}
	if len(body) <= 6 {
		return false
	}
	random, sum := body[:len(body)-6], body[len(body)-6:]
	return string(sum) == Base62CRC32(random)
}

// Base62CRC32 returns the 6-character base62 CRC32 of b. Exported so tests
// can build well-formed tokens instead of committing literal ones.
func Base62CRC32(b []byte) string {
	n := crc32.ChecksumIEEE(b)
	var out [6]byte
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = base62Alphabet[n%62]
		n /= 62
	}
	return string(out[:])
}

// atlassianPAT checks the personal access tokens of Jira, Confluence and
// Bitbucket Data Center (the latter after a "BBDC-" prefix): base64 of the
// token's 12-digit id, a colon and 20 random bytes.
func atlassianPAT(secret []byte) bool {
	plain, err := base64.StdEncoding.DecodeString(string(bytes.TrimPrefix(secret, []byte("BBDC-"))))
	if err != nil || len(plain) != 33 || plain[12] != ':' {
		return false
	}
	for _, c := range plain[:12] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// discordSnowflake checks a Discord bot token's first segment: the bot's
// user id (a snowflake, 17 to 20 decimal digits) in base64 without padding
// (discord.com/developers/docs/reference#snowflakes). Random text of the
// token's shape decodes to digits only by rare chance.
func discordSnowflake(secret []byte) bool {
	first, _, ok := bytes.Cut(secret, []byte("."))
	if !ok {
		return false
	}
	id, err := base64.RawStdEncoding.DecodeString(string(bytes.TrimRight(first, "=")))
	if err != nil || len(id) < 17 || len(id) > 20 || id[0] == '0' {
		return false
	}
	for _, c := range id {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// nkeySeed checks a NATS nkey seed: base32 (no padding) of two prefix
// bytes, the 32-byte Ed25519 seed and a CRC-16 (XMODEM, little-endian)
// of both. The prefix is the seed marker (18 << 3, "S") with the public
// key's type spilled over the two bytes: account, cluster, server,
// operator, user or curve ("SA", "SC", "SN", "SO", "SU", "SX").
// docs.nats.io/using-nats/nats-tools/nk; the layout is the nkeys
// library's EncodeSeed.
func nkeySeed(secret []byte) bool {
	raw := make([]byte, base32.StdEncoding.WithPadding(base32.NoPadding).DecodedLen(len(secret)))
	n, err := base32.StdEncoding.WithPadding(base32.NoPadding).Decode(raw, secret)
	if err != nil || n != 36 {
		return false
	}
	raw = raw[:n]
	if raw[0]>>3 != 18 || raw[1]&7 != 0 {
		return false
	}
	switch (raw[0]&7)<<5 | raw[1]>>3 {
	case 0, 2 << 3, 13 << 3, 14 << 3, 20 << 3, 23 << 3:
	default:
		return false
	}
	sum := crc16XMODEM(raw[:34])
	return raw[34] == byte(sum) && raw[35] == byte(sum>>8)
}

// crc16XMODEM is CRC-16 with polynomial 0x1021 and initial value 0.
func crc16XMODEM(data []byte) uint16 {
	var crc uint16
	for _, b := range data {
		crc ^= uint16(b) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}
