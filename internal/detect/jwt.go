package detect

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/leakhound/leakhound/internal/rule"
)

// JSON Web Tokens carry their own description: the header names the
// signature algorithm, the payload who issued the token, for whom and until
// when (RFC 7519, section 4.1). The engine decodes every JWT it reports, so
// a finding says whose token it is and whether it can still be used, and
// rules tell tokens apart by their claims (a Kubernetes service account's
// issuer, a Supabase key's role). The token itself is never shown; its
// claims are not secret.

// jwtStart is how every JWT begins: the base64 of a JSON object's {".
var jwtStart = []byte("eyJ")

// jwtToken is a decoded JWT.
type jwtToken struct {
	alg    string
	claims map[string]any
}

// maxJWT bounds the tokens decoded: real ones are a few KB at most.
const maxJWT = 16 << 10

// parseJWT decodes a compact JWS (header.payload.signature, the signature
// empty for alg none) whose header and payload are JSON objects.
func parseJWT(b []byte) (*jwtToken, bool) {
	if len(b) > maxJWT || !bytes.HasPrefix(b, jwtStart) {
		return nil, false
	}
	parts := bytes.Split(b, []byte("."))
	if len(parts) != 3 {
		return nil, false
	}
	var header struct {
		Alg string `json:"alg"`
	}
	if !decodeSegment(parts[0], &header) || header.Alg == "" {
		return nil, false
	}
	t := &jwtToken{alg: header.Alg}
	if !decodeSegment(parts[1], &t.claims) || t.claims == nil {
		return nil, false
	}
	return t, true
}

func decodeSegment(seg []byte, v any) bool {
	raw, err := base64.RawURLEncoding.DecodeString(string(bytes.TrimRight(seg, "=")))
	if err != nil {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return dec.Decode(v) == nil
}

// unsigned reports alg none: anyone can write such a token, so it is a
// credential only where a server wrongly accepts unsigned tokens.
func (t *jwtToken) unsigned() bool { return strings.EqualFold(t.alg, "none") }

// claimStrings returns a claim's value as strings: a string, a number as
// written, a boolean, or each such element of an array; present says
// whether the claim is there at all (an object counts).
func (t *jwtToken) claimStrings(name string) (vals []string, present bool) {
	v, ok := t.claims[name]
	if !ok {
		return nil, false
	}
	one := func(v any) {
		switch x := v.(type) {
		case string:
			vals = append(vals, x)
		case json.Number:
			vals = append(vals, x.String())
		case bool:
			vals = append(vals, fmt.Sprint(x))
		}
	}
	if arr, ok := v.([]any); ok {
		for _, e := range arr {
			one(e)
		}
	} else {
		one(v)
	}
	return vals, true
}

// time reads a NumericDate claim (seconds since the epoch).
func (t *jwtToken) time(name string) (time.Time, bool) {
	n, ok := t.claims[name].(json.Number)
	if !ok {
		return time.Time{}, false
	}
	f, err := n.Float64()
	if err != nil || f <= 0 || f > 1e11 {
		return time.Time{}, false
	}
	return time.Unix(int64(f), 0).UTC(), true
}

// documentedJWT reports tokens published as examples: the sample of
// jwt.io and of countless tutorials (subject 1234567890, John Doe), and
// the anon and service_role keys of Supabase's self-hosting setup (issuer
// supabase-demo), the same in every copy of its docker files. Whatever
// key signed them, they are examples, not credentials.
func documentedJWT(b []byte) bool {
	if !bytes.HasPrefix(b, jwtStart) {
		return false
	}
	t, ok := parseJWT(b)
	if !ok {
		return false
	}
	if iss, _ := t.claimStrings("iss"); len(iss) == 1 && iss[0] == "supabase-demo" {
		return true
	}
	sub, _ := t.claimStrings("sub")
	name, _ := t.claimStrings("name")
	iat, _ := t.claimStrings("iat")
	return len(sub) == 1 && sub[0] == "1234567890" && (len(name) == 1 && name[0] == "John Doe" || len(iat) == 1 && iat[0] == "1516239022")
}

// claimFilter is a rule's compiled jwt block.
type claimFilter struct {
	all, any []claimCond
}

type claimCond struct {
	claim string
	value *regexp.Regexp // nil: present
}

func compileClaims(j *rule.JWT) *claimFilter {
	conds := func(ms []rule.ClaimMatch) []claimCond {
		var out []claimCond
		for _, m := range ms {
			c := claimCond{claim: m.Claim}
			if m.Value != "" {
				c.value = regexp.MustCompile(m.Value) // parsed by rule.Check and New
			}
			out = append(out, c)
		}
		return out
	}
	return &claimFilter{all: conds(j.AllOf), any: conds(j.AnyOf)}
}

func (f *claimFilter) matches(t *jwtToken) bool {
	for _, c := range f.all {
		if !c.holds(t) {
			return false
		}
	}
	if len(f.any) == 0 {
		return true
	}
	for _, c := range f.any {
		if c.holds(t) {
			return true
		}
	}
	return false
}

func (c claimCond) holds(t *jwtToken) bool {
	vals, present := t.claimStrings(c.claim)
	if c.value == nil || !present {
		return present
	}
	for _, v := range vals {
		if c.value.MatchString(v) {
			return true
		}
	}
	return false
}

// shortLived is the longest lifetime (expiry minus issue time) of a token
// made for one session rather than for a service.
const shortLived = 24 * time.Hour

// Notes that start a JWT finding's note.
const (
	NoteJWTExpired    = "expired JWT"
	NoteJWTUnsigned   = "unsigned JWT (alg none)"
	NoteJWTShortLived = "short-lived JWT"
	NoteJWT           = "JWT"
)

// assess gives a JWT's severity and note: an expired or unsigned token is
// low, a session token (a day or less) at most medium, and a signed
// long-lived one keeps its rule's severity. The note names the issuer,
// subject, audience and dates, which say whose token it is and are not
// secret.
func (t *jwtToken) assess(now time.Time, severity string) (string, string) {
	exp, hasExp := t.time("exp")
	iat, hasIat := t.time("iat")
	kind := NoteJWT
	switch {
	case t.unsigned():
		kind, severity = NoteJWTUnsigned, rule.SeverityLow
	case hasExp && !exp.After(now):
		kind, severity = NoteJWTExpired, rule.SeverityLow
	case hasExp && hasIat && exp.Sub(iat) <= shortLived:
		kind, severity = NoteJWTShortLived, rule.MilderSeverity(severity, rule.SeverityMedium)
	}
	parts := []string{kind + " (" + claimText(t.alg) + ")"}
	for _, name := range [...]string{"iss", "sub", "aud"} {
		if vals, ok := t.claimStrings(name); ok && len(vals) > 0 {
			parts = append(parts, name+" "+claimText(strings.Join(vals, " ")))
		}
	}
	if hasIat {
		parts = append(parts, "issued "+iat.Format(time.DateOnly))
	}
	switch {
	case !hasExp:
		parts = append(parts, "no expiry")
	case exp.After(now):
		parts = append(parts, "expires "+exp.Format(time.DateOnly))
	default:
		parts = append(parts, "expired "+exp.Format(time.DateOnly))
	}
	return severity, strings.Join(parts, ", ")
}

// claimText makes a claim fit a one-line note: printable, at most 80 bytes.
func claimText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if len(s) > 80 {
		s = strings.ToValidUTF8(s[:77], "") + "..."
	}
	return s
}

// describeJWT sets m's severity and note from the token it holds, if its
// secret is a JWT; with a rule's claim filter, it reports whether the
// token has the claims the rule asks for.
func (e *Engine) describeJWT(m *Match, filter *claimFilter) bool {
	secret := []byte(m.Secret)
	t, ok := parseJWT(secret)
	if !ok {
		return filter == nil
	}
	if filter != nil && !filter.matches(t) {
		return false
	}
	m.Severity, m.Note = t.assess(e.now(), m.Rule.Severity)
	return true
}
