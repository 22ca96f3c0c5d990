package rule

import (
	"encoding/base64"
	"testing"
)

func TestBase62CRC32ReferenceValue(t *testing.T) {
	// The worked example GitHub's token format uses: 30 random characters
	// and the 6-character checksum that follows them.
	if got := Base62CRC32([]byte("IqIMNOZH6zOwIEB4T9A2g4EHMy8Ji4")); got != "2q4HA5" {
		t.Fatalf("Base62CRC32 = %q, want 2q4HA5", got)
	}
}

func TestCRC32Base62Tail(t *testing.T) {
	check := LookupChecksum("crc32-base62")
	random := "IqIMNOZH6zOwIEB4T9A2g4EHMy8Ji4"
	cases := map[string]bool{
		"ghp_" + random + "2q4HA5": true,
		"npm_" + random + "2q4HA5": true,
		"ghp_" + random + "2q4HA6": false,
		"ghp_" + random + "2Q4HA5": false,
		"ghp_2q4HA5":               false,
		"ghp_":                     false,
	}
	for token, want := range cases {
		if got := check([]byte(token)); got != want {
			t.Errorf("check(%q) = %v, want %v", token, got, want)
		}
	}
	if LookupChecksum("nope") != nil {
		t.Error("unknown checksum name resolved")
	}
}

func TestAtlassianPAT(t *testing.T) {
	check := LookupChecksum("atlassian-pat")
	random := []byte("\x8e\x17\xa0\x01\xfe\x42\x99\x10\x33\xc7\x5a\x0b\xee\x21\x64\x7d\x02\xb8\x4f\x90")
	pat := base64.StdEncoding.EncodeToString(append([]byte("638502326416:"), random...))
	cases := map[string]bool{
		pat:           true,
		"BBDC-" + pat: true,
		base64.StdEncoding.EncodeToString(append([]byte("63850232641x:"), random...)):      false,
		base64.StdEncoding.EncodeToString(append([]byte("638502326416;"), random...)):      false,
		base64.StdEncoding.EncodeToString(append([]byte("638502326416:"), random[:19]...)): false,
		"BBDC-": false,
	}
	for token, want := range cases {
		if got := check([]byte(token)); got != want {
			t.Errorf("check(%q) = %v, want %v", token, got, want)
		}
	}
}

func TestDiscordSnowflake(t *testing.T) {
	check := LookupChecksum("discord-snowflake")
	id := func(s string) string { return base64.RawStdEncoding.EncodeToString([]byte(s)) }
	tail := ".GbN3xq.uD4-5l0_tRmyVbC0a1xK2zpQw9TeLsHjFoAiNg"
	cases := map[string]bool{
		id("1098273465019283746") + tail:      true,  // 19 digits, current bots
		id("408273465019283746") + tail:       true,  // 18 digits, 2018 bots
		id("1098273465019283746"):             false, // no segments
		id("10982734650192837x6") + tail:      false, // not all digits
		id("0982734650192837461") + tail:      false, // leading zero
		id("1098273465019283") + tail:         false, // 16 digits: too short for a snowflake
		"MTA5ODI3MzQ2NTAxOTI4Mzc0Ng==" + tail: true,  // padded
		"Mz!5ODI3MzQ2NTAxOTI4Mzc0Ng" + tail:   false, // not base64
	}
	for token, want := range cases {
		if got := check([]byte(token)); got != want {
			t.Errorf("check(%q) = %v, want %v", token, got, want)
		}
	}
}

func FuzzParseProvider(f *testing.F) {
	f.Add([]byte("provider: acme\nname: Acme\nrules:\n  - id: acme-key\n    name: k\n    severity: high\n    keywords: [acme_]\n    pattern: '(acme_[a-z]{8})'\n"))
	f.Add([]byte("provider: [\n"))
	f.Add([]byte("rules: {}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseProvider("acme.yaml", data)
		if err != nil {
			return
		}
		for _, r := range p.Rules {
			if _, err := SecretGroups(r.Pattern); err != nil {
				t.Fatalf("accepted rule with a bad pattern: %v", err)
			}
		}
	})
}

func TestBase64UserPassword(t *testing.T) {
	check := LookupChecksum("base64-user-password")
	cases := map[string]bool{
		"ZGVwbG95OkxxOHZaMm1YN3BLNA==": true,  // deploy:Lq8vZ2mX7pK4
		"dXNlcjpw":                     true,  // user:p
		"ZGVwbG95":                     false, // deploy, no password
		"OnNlY3JldA==":                 false, // :secret, no user
		"dXNlcjo=":                     false, // user:, no password
		"AAECAwQ6BQYH":                 false, // binary
		"not base64!":                  false,
	}
	for s, want := range cases {
		if got := check([]byte(s)); got != want {
			t.Errorf("check(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestNkeySeed: NATS's own example seed (docs.nats.io, nk's README) and
// seeds of every key type pass; a changed character, a public key, a
// private key and a seed of an unknown type fail.
func TestNkeySeed(t *testing.T) {
	check := LookupChecksum("nkey-seed")
	cases := map[string]bool{
		"SUAKYRHVIOREXV7EUZTBHUHL7NUMHPMAS7QMDU3GTIUWEI5LDNOXD43IZY": true,  // nk's documented user seed
		"SAAB6XKMLHZBNIH4HGQOGOVKNLWLVYHMHYVPLWMCTL4WLLJICDO2JXA3AQ": true,  // account
		"SOABDLO4DPBPAEMX6QAB5QBJYQ5O5AKSVZXLHEJIOLTSP2FPHEOXM4PRVU": true,  // operator
		"SNAKXONMLYSLH4E47GQE6LB27UCIC44YWJSRIJ5XNRVQUXY7UZBTOAPAGI": true,  // server
		"SCAH4IROLRVNQF7TCXKJWL3ZXPNNQIPPZ2ORZNUQZJR43UHSW4PEIO7BDI": true,  // cluster
		"SXACSJVFDAXP4I6MH6XU4QS2NQR2LP6BJRIQGIW6NKB4GOBRDK6YJIQDEE": true,  // curve
		"SUAKYRHVIOREXV7EUZTBHUHL7NUMHPMAS7QMDU3GTIUWEI5LDNOXD43IZA": false, // one character changed
		"UD466L6EBCM3YY5HEGHJANNTN4LSKTSUXTH7RILHCKEQMQHTBNLHJJXT":   false, // nk's documented public key
		"SUAKYRHVIOREXV7EUZTBHUHL7NUMHPMAS7QMDU3GTIUWEI5LDNOXD43I":   false, // cut short
		"SZAKYRHVIOREXV7EUZTBHUHL7NUMHPMAS7QMDU3GTIUWEI5LDNOXD43IZY": false, // no such type
	}
	for s, want := range cases {
		if got := check([]byte(s)); got != want {
			t.Errorf("%s: %v, want %v", s, got, want)
		}
	}
}
