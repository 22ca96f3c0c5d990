// Package detect is the matching engine: it compiles rules once and finds
// secrets in a chunk of bytes. It knows nothing about files, git or reports.
package detect

import (
	"bytes"
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/leakhound/leakhound/internal/pathmatch"
	"github.com/leakhound/leakhound/internal/rule"
)

// Match is one secret found in a chunk.
type Match struct {
	Rule   *rule.Rule
	Secret string
	// Start and End are the secret's byte offsets in the chunk; for a secret
	// found inside encoded content they span the encoded run.
	Start, End int
	// MatchStart and MatchEnd span the rule pattern's whole match, which
	// holds the secret; for a value found otherwise, the secret's span.
	MatchStart, MatchEnd int
	// Line and Column are 1-based; Column counts bytes.
	Line, Column int
	// Encoding says how the secret was encoded where it was found:
	// "base64", or one of the Encoding* escapes; empty when it was not.
	Encoding string
	// Confidence says how sure the match is (see Confidence).
	Confidence Confidence
	// KeyPath is the name the secret was assigned to, with its enclosing
	// keys (postmark.api_token), when it was found as a value.
	KeyPath string
	// Note qualifies the match, such as NoteWeakPassword or a JWT's
	// claims (NoteJWTExpired ...).
	Note string
	// Severity, when set, replaces the rule's for this match: an expired
	// JWT is low whatever its rule says.
	Severity string
}

// Engine holds compiled rules and is safe for concurrent use; each goroutine
// scans with its own Scanner.
type Engine struct {
	rules        []compiled
	ac           *automaton
	keywordRules [][]int32 // by keyword id: indexes into rules
	keywordLen   []int
	// roles holds, by keyword id, what a hit on the keyword does besides
	// its rules' (wordRoles): one byte read per hit.
	roles []wordRole
	// sqlWord is the keyword of an INSERT (sqlInsertWord): without one in
	// a segment, no SQL column names values (sqlcells.go).
	sqlWord int32
	// assigned holds the rules' Assigned blocks: the generic ones, which
	// need no keyword, and by keyword id the ones that need it near.
	assigned        []assigned
	genericAssigned []int32
	contextRules    [][]int32
	// callRules maps the keyword of an SDK call name (Assigned.Calls) to
	// the Assigned blocks it names.
	callRules [][]int32
	maxNear   int
	// pathRules are the rules limited to some file names.
	pathRules []int32
	// overlaps settles two provider rules matching one secret.
	overlaps precedence
	// rank is each rule's place in the order of precedence (see
	// oneRulePerSecret).
	rank map[*rule.Rule]int
	// now tells the time, for a JWT's expiry.
	now func() time.Time
	// everywhere are the whole-file rules without keywords: their
	// pattern runs over every file.
	everywhere []int32
	// prefixRules maps a keyword that may be a vendor's token prefix
	// (bkua_, tskey-scim-, rk_test_) to the provider rules that have it;
	// see cutVendorToken.
	prefixRules map[string][]int32
}

type compiled struct {
	*rule.Rule
	// lazy is what prog and floor work out when first needed.
	lazy       *lazyRule
	checksum   rule.ChecksumFunc
	hasPattern bool
	paths      *pathmatch.Matcher // nil unless the rule has Paths
	pathRe     *regexp.Regexp     // nil unless the rule has a PathPattern
}

// limited reports whether the rule applies to some file names only.
func (c *compiled) limited() bool { return c.paths != nil || c.pathRe != nil }

// lazyRule is a rule's compiled program and format floor, worked out the
// first time a scan needs them. The engine holds one block of them for
// all rules: two sync.OnceValue closures per rule were a tenth of a
// pre-commit scan's instructions, for the few rules it touches.
type lazyRule struct {
	prog      atomic.Pointer[program]
	floor     atomic.Pointer[formatFloor]
	progOnce  sync.Once
	floorOnce sync.Once
}

// prog is the rule's compiled expressions, compiled the first time a
// keyword of the rule is seen: a pre-commit scan of a small change
// touches a few rules, and compiling all of them would double its run
// time.
func (c *compiled) prog() *program {
	if p := c.lazy.prog.Load(); p != nil {
		return p
	}
	c.lazy.progOnce.Do(func() { c.lazy.prog.Store(compile(c.Rule)) })
	return c.lazy.prog.Load()
}

// floor is the rule's format and the entropy its random values reach
// (see randomLike): it reads only the assigned shape, never the pattern
// prog compiles.
func (c *compiled) floor() formatFloor {
	if f := c.lazy.floor.Load(); f != nil {
		return *f
	}
	c.lazy.floorOnce.Do(func() {
		f := formatFloor{} // a generic rule knows no format
		if !c.Generic() {
			f = floorOf(formatOf(c.Rule))
		}
		c.lazy.floor.Store(&f)
	})
	return *c.lazy.floor.Load()
}

// New compiles rules. The order of rules is the order of precedence when two
// rules match the same bytes.
func New(rules []*rule.Rule) (*Engine, error) { return NewCached(rules, "") }

// NewCached is New keeping the keyword automaton in cacheDir, where a
// later run reads it instead of building it again; "" keeps nothing.
func NewCached(rules []*rule.Rule, cacheDir string) (*Engine, error) {
	e := &Engine{now: time.Now}
	// Sized up front: growing the map rule by rule was a twentieth of a
	// pre-commit scan.
	n := 0
	for _, w := range wordRoles {
		n += len(w.words)
	}
	for _, r := range rules {
		n += len(r.Keywords)
	}
	ids := make(map[string]int32, n)
	keywords := make([]string, 0, n)
	// The tables by keyword id too: grown one keyword at a time, they were
	// copied a dozen times each.
	e.keywordRules, e.contextRules, e.callRules = make([][]int32, 0, n), make([][]int32, 0, n), make([][]int32, 0, n)
	e.roles, e.keywordLen = make([]wordRole, 0, n), make([]int, 0, n)
	keywordID := func(k string) int32 {
		k = normalizeKeyword(k)
		id, ok := ids[k]
		if !ok {
			id = int32(len(keywords))
			ids[k] = id
			keywords = append(keywords, k)
			e.keywordRules = append(e.keywordRules, nil)
			e.contextRules = append(e.contextRules, nil)
			e.callRules = append(e.callRules, nil)
			e.roles = append(e.roles, 0)
			e.keywordLen = append(e.keywordLen, len(k))
		}
		return id
	}
	for _, w := range wordRoles {
		for _, k := range w.words {
			e.roles[keywordID(k)] |= w.role
		}
	}
	e.sqlWord = keywordID(sqlInsertWord)
	e.rules = make([]compiled, 0, len(rules))
	lazy := make([]lazyRule, len(rules))
	// Which rules each keyword starts, gathered as pairs and grouped once
	// at the end: a list grown per keyword was an allocation each.
	starts := make([]keywordRule, 0, n)
	for i, r := range rules {
		ri := int32(i)
		c := compiled{Rule: r, lazy: &lazy[i], hasPattern: r.Pattern != ""}
		if !r.Parsed() {
			if err := parseExpressions(r); err != nil {
				return nil, err
			}
		}
		if r.Checksum != "" {
			if c.checksum = rule.LookupChecksum(r.Checksum); c.checksum == nil {
				return nil, fmt.Errorf("rule %s: unknown checksum %q", r.ID, r.Checksum)
			}
		}
		e.rules = append(e.rules, c)
		if len(r.Paths) > 0 {
			m, err := pathmatch.New(r.Paths)
			if err != nil {
				return nil, fmt.Errorf("rule %s: %w", r.ID, err)
			}
			e.rules[ri].paths = m
		}
		if r.PathPattern != "" {
			re, err := regexp.Compile(r.PathPattern)
			if err != nil {
				return nil, fmt.Errorf("rule %s: path_pattern: %w", r.ID, err)
			}
			e.rules[ri].pathRe = re
		}
		if e.rules[ri].limited() {
			e.pathRules = append(e.pathRules, ri)
		}
		if r.WholeFile && len(r.Keywords) == 0 {
			e.everywhere = append(e.everywhere, ri)
		}
		if r.Assigned != nil {
			e.addAssigned(ri, r, keywordID)
		}
		if !c.hasPattern {
			continue
		}
		for _, k := range r.Keywords {
			// Folded once: folding keeps the length and the last byte
			// that maybeVendorPrefix reads.
			k = normalizeKeyword(k)
			starts = append(starts, keywordRule{keywordID(k), ri})
			if !r.Generic() && maybeVendorPrefix(k) {
				if e.prefixRules == nil {
					e.prefixRules = map[string][]int32{}
				}
				e.prefixRules[k] = append(e.prefixRules[k], ri)
			}
		}
	}
	groupByKeyword(starts, e.keywordRules)
	e.shareProviderKeywords()
	e.ac = loadAutomaton(keywords, cacheDir)
	e.overlaps = newPrecedence(rules)
	e.rank = make(map[*rule.Rule]int, len(rules))
	for i, r := range rules {
		e.rank[r] = i
	}
	return e, nil
}

// keywordRule is a rule started by a keyword: ids into the engine's
// keywords and rules.
type keywordRule struct{ keyword, rule int32 }

// groupByKeyword sets lists[k] to the rules pairs give keyword k, in the
// pairs' order without repeating a rule given twice in a row, all in one
// backing array.
func groupByKeyword(pairs []keywordRule, lists [][]int32) {
	// next is first each keyword's count (shifted by one), then where
	// its list starts, then where its next rule goes.
	next := make([]int, len(lists)+1)
	for _, p := range pairs {
		next[p.keyword+1]++
	}
	for k := range lists {
		next[k+1] += next[k]
	}
	start := slices.Clone(next[:len(lists)])
	backing := make([]int32, len(pairs))
	for _, p := range pairs {
		at := next[p.keyword]
		if at > start[p.keyword] && backing[at-1] == p.rule {
			continue
		}
		backing[at] = p.rule
		next[p.keyword]++
	}
	for k := range lists {
		if next[k] > start[k] {
			lists[k] = backing[start[k]:next[k]:next[k]]
		}
	}
}

// parseExpressions checks that a rule's expressions parse, which is all
// the lazy compiling can fail on; rule.Check did it for a catalogue's
// rules (rule.Parsed).
func parseExpressions(r *rule.Rule) error {
	if r.Pattern != "" || r.Assigned == nil {
		if _, err := rule.SecretGroups(r.Pattern); err != nil {
			return fmt.Errorf("rule %s: %w", r.ID, err)
		}
	}
	if r.Assigned != nil && r.Assigned.Value != "" {
		if _, err := syntax.Parse(r.Assigned.Value, syntax.Perl); err != nil {
			return fmt.Errorf("rule %s: assigned.value: %w", r.ID, err)
		}
	}
	if r.JWT != nil {
		for _, m := range r.JWT.Conditions() {
			if _, err := syntax.Parse(m.Value, syntax.Perl); err != nil {
				return fmt.Errorf("rule %s: jwt claim %s: %w", r.ID, m.Claim, err)
			}
		}
	}
	return nil
}

// SetClock replaces the clock that decides whether a JWT has expired (for
// reproducible scans and tests); call it before scanning.
func (e *Engine) SetClock(now func() time.Time) { e.now = now }

// program is a rule's compiled expressions.
type program struct {
	re     *regexp.Regexp
	groups []int // capture groups that may hold the secret
	// anchored is the pattern tied to the start of its input, for rules
	// whose match begins at a keyword: tried once per hit instead of at
	// every position of a window, which is much cheaper in Go's regexp.
	anchored *regexp.Regexp
	// startsAtHit: every match starts at a keyword hit, as the rule says
	// or as its pattern shows (see startsAtKeyword); wordBoundary: the
	// pattern begins with \b, checked against the byte before the hit.
	startsAtHit, wordBoundary bool
	// claims filters the JWTs of a rule with a jwt block.
	claims *claimFilter
}

// compile builds a rule's expressions, the first time one of its keywords
// is seen: reading and compiling every pattern up front would triple the
// start-up of a pre-commit scan, which touches a few rules. New has parsed
// the pattern, which is all compiling can fail on.
func compile(r *rule.Rule) *program {
	groups, _ := rule.SecretGroups(r.Pattern)
	p := &program{re: regexp.MustCompile(r.Pattern), groups: groups, startsAtHit: r.Anchored}
	if r.JWT != nil {
		p.claims = compileClaims(r.JWT)
	}
	if !r.Anchored && !r.LineAnchored {
		p.startsAtHit, p.wordBoundary = startsAtKeyword(r.Pattern, r.Keywords)
	}
	if p.startsAtHit || r.LineAnchored {
		p.anchored = regexp.MustCompile(`^(?:` + r.Pattern + `)`)
	}
	return p
}

// Scan finds secrets in data with a throwaway Scanner.
func (e *Engine) Scan(data []byte) []Match { return e.NewScanner().Scan(data) }

// Scanner holds per-goroutine scratch space so scans do not allocate it
// again for every chunk.
type Scanner struct {
	e       *Engine
	windows [][]span // by rule index
	touched []int32
	// vetoes are spans a provider rule recognised but rejected (bad
	// checksum, placeholder): generic rules must not report them either.
	vetoes []span
	// anchoredBytes counts, by rule, the bytes anchored attempts were
	// given in the current segment (see anchoredBudget).
	anchoredBytes []int
	runs          keywordRuns
	line          lineCache
	hits          [walks][]hitAt
	// Reading assignments: the key-word hits of the segment, the end of
	// the last name read, scratch for unescaped values and for the
	// provider keywords found around a value.
	keyHits  []keyHit
	lastName int
	// sqlInsert: the segment holds an INSERT INTO.
	sqlInsert bool
	// providerHits are the segment's hits of context keywords, read for
	// calls of a provider's client (new PepipostClient("...")).
	providerHits []providerHit
	unescaped    []byte
	// inflateBudget is what the unit may still inflate of gzip streams
	// found in base64: about as much as the unit itself, so compressed
	// runs cannot multiply the work.
	inflateBudget int
	places        []keywordPlace
	// fileNamed are the provider keywords the file's own name holds
	// (config/postmark.yml): the file is the outermost key of its values.
	fileNamed []int32
	// unit describes the content being scanned; pathActive marks, by rule
	// index, the rules limited to file names that this unit's name matches.
	unit       unit
	pathActive []bool
	// escapes holds, by decoding depth, where escape sequences were seen
	// (see escapeHits).
	escapes [maxDecodeDepth + 1]escapeHits
	views   [maxDecodeDepth]escapedView // scratch for decoded escapes
	depth   int                         // of the content being prefiltered
	// allowed counts the last scan's matches dropped for an allow marker.
	allowed int
	// wholeDone marks, by rule index, the whole-file rules whose window
	// already covers the data being scanned.
	wholeDone []bool
	// cache keeps recent windows' pattern results.
	cache windowCache
	// given says the keyword hits and base64 runs of the unit being
	// scanned were taken from its base (ScanDerived): top, read from topAt
	// on, and topRuns, which may be empty. recording asks the keyword pass
	// over the unit to append its hits to record.
	given     bool
	top       []hitAt
	topAt     int
	topRuns   []b64run
	recording bool
	record    []hitAt
	// b64runs holds, by decoding depth, the base64 runs found.
	b64runs [maxDecodeDepth][]b64run
}

// Allowed returns how many matches the last scan dropped because their
// line carries an allow marker, so reports can count them as suppressed.
func (s *Scanner) Allowed() int { return s.allowed }

// span is a window or a secret's place; merged windows are matched with
// the rule's unanchored expression even when the rule is anchored.
type span struct {
	start, end int
	anchored   bool
	// lengthCut: the window ends where a length stored before the
	// string ends it (lengthEnd).
	lengthCut bool
}

// NewScanner returns a Scanner for one goroutine.
func (e *Engine) NewScanner() *Scanner {
	return &Scanner{
		e:             e,
		windows:       make([][]span, len(e.rules)),
		anchoredBytes: make([]int, len(e.rules)),
		runs:          newKeywordRuns(len(e.keywordLen)),
		pathActive:    make([]bool, len(e.rules)),
		wholeDone:     make([]bool, len(e.rules)),
		cache:         newWindowCache(),
	}
}

const (
	// maxLineReach bounds a line window on either side of a keyword hit,
	// so a minified one-line file does not feed megabytes to a regex.
	maxLineReach = 1024
	// maxDecodeDepth bounds base64 inside base64.
	maxDecodeDepth = 2
	allowMarker    = "leakhound:allow"
	// segmentSize is how much of a unit one round of prefilter and
	// rules covers: keyword hits and windows are kept for one segment at
	// a time, so their memory does not grow with the unit.
	segmentSize = 256 << 10
	// anchoredBudget bounds, per segment, the bytes one rule's anchored
	// attempts may read, as a multiple of the segment's length. Text
	// dense with a rule's keyword (token=token=token...) would otherwise
	// cost a line's reach for every hit; past the budget, the rule's
	// windows are merged and matched once, like an unanchored rule's.
	anchoredBudget = 4
)

// Scan returns the secrets in data, ordered by position, with lines and
// columns filled, suppressed lines (leakhound:allow) dropped and generic
// matches removed where a provider rule found the same secret.
func (s *Scanner) Scan(data []byte) []Match { return s.ScanFile("", data) }

// ScanFile is Scan for the content of a file named name (a path relative to
// the scanned root, archive members as a.zip!inner/path; empty when there
// is none): the name tells how the file writes values, whether it is a
// test or an example, and which rules limited to file names apply.
func (s *Scanner) ScanFile(name string, data []byte) []Match {
	s.unit = unitFor(name)
	s.fileNamed = s.e.providersInName(name, s.fileNamed[:0])
	s.unit.binary = binaryContent(data)
	if s.unit.syntax == syntaxUnknown && name != "" {
		s.unit.syntax = syntaxOfScript(data)
	}
	for _, ri := range s.e.pathRules {
		s.pathActive[ri] = s.e.pathRuleApplies(ri, name)
	}
	s.vetoes = s.vetoes[:0]
	s.allowed = 0
	s.topAt = 0
	s.inflateBudget = len(data) + maxBase64Run
	matches := s.scan(data, nil, 0)
	if m, ok := s.keystoreMatch(data); ok {
		matches = append(matches, m)
	}
	if len(matches) == 0 {
		return nil
	}
	matches = resolve(data, matches, s.vetoes, s.e.cutVendorToken)
	matches = s.e.overlaps.settleOverlaps(data, matches)
	matches = s.e.oneRulePerSecret(matches)
	matches, s.allowed = locate(data, matches)
	for i := range matches {
		if m := &matches[i]; m.MatchEnd == 0 {
			m.MatchStart, m.MatchEnd = m.Start, m.End
		}
	}
	return matches
}

// inflate returns the text of a gzip stream found in base64, within the
// unit's budget, or nil.
func (s *Scanner) inflate(stream []byte) []byte {
	limit := min(maxBase64Run, s.inflateBudget)
	if limit <= 0 {
		return nil
	}
	text := gunzip(stream, limit)
	s.inflateBudget -= len(text)
	return text
}

// scan runs the prefilter and the rules near its hits, one segment at a
// time. When outer is set, data was decoded from outer and matches are
// placed at outer's span.
func (s *Scanner) scan(data []byte, outer *span, depth int) []Match {
	var matches []Match
	s.runs.reset()
	s.line = lineCache{}
	s.lastName = 0
	clear(s.wholeDone)
	for _, ri := range s.e.everywhere {
		if !s.e.rules[ri].limited() || s.pathActive[ri] {
			s.addWhole(ri, len(data))
		}
	}
	s.depth = depth
	s.escapes[depth].reset()
	for from := 0; from < len(data); {
		to := min(len(data), from+segmentSize)
		s.prefilter(data, from, to)
		matches = s.match(data, outer, matches)
		matches = s.assignments(data, outer, s.unit, matches)
		matches = s.providerCalls(data, outer, s.unit, matches)
		from = to
	}
	if depth < maxDecodeDepth {
		decodeRuns(data, s.base64Runs(data, depth), s.inflate, func(run span, decoded []byte, enc string) {
			at := run
			if outer != nil {
				at = *outer
			}
			n := len(matches)
			matches = append(matches, s.scan(decoded, &at, depth+1)...)
			if enc != EncodingBase64 && outer == nil {
				for i := n; i < len(matches); i++ {
					matches[i].Encoding = enc
				}
			}
		})
		matches = s.scanEscaped(data, outer, depth, &s.escapes[depth], matches)
		if outer == nil {
			matches = s.scanAttributes(data, depth, matches)
		}
	}
	return matches
}

// prefilter finds the keywords ending in data[from:to] and records the
// windows their rules must look at.
func (s *Scanner) prefilter(data []byte, from, to int) {
	e := s.e
	hit := func(k int32, end int) {
		if hs, ok := s.runs.admit(k, end-e.keywordLen[k], end); ok {
			s.addHit(data, k, hs, end)
		}
	}
	if s.depth == 0 && s.given {
		// The unit's hits are known (ScanDerived): take this segment's.
		for ; s.topAt < len(s.top) && int(s.top[s.topAt].end) <= to; s.topAt++ {
			if h := s.top[s.topAt]; int(h.end) > from {
				hit(h.keyword, int(h.end))
			}
		}
	} else {
		// Start early enough to see a keyword that begins before from.
		lo := max(0, from-e.ac.maxLen+1)
		record := s.depth == 0 && s.recording
		e.ac.scan(data[lo:to], &s.hits, func(k int32, end int) {
			end += lo
			if end <= from {
				return
			}
			if record {
				s.record = append(s.record, hitAt{keyword: k, end: int32(end)})
			}
			hit(k, end)
		})
	}
	s.runs.flush(func(k int32, end int) { s.addHit(data, k, end-e.keywordLen[k], end) })
	for _, ri := range s.touched {
		s.anchoredBytes[ri] = 0
	}
}

// wordRole is what a hit on one of the engine's own keywords starts.
type wordRole uint8

const (
	roleKey    wordRole = 1 << iota // reading an assignment (keyWords)
	roleEscape                      // an escape search (escapeWords)
	roleJoin                        // a join of string literals (joinWords)
	roleCodes                       // a list of character codes (charCodeWords)
)

var wordRoles = [...]struct {
	words []string
	role  wordRole
}{{keyWords, roleKey}, {escapeWords, roleEscape}, {joinWords, roleJoin}, {charCodeWords, roleCodes}}

// roleHit does what a hit on a keyword with role starts.
func (s *Scanner) roleHit(data []byte, role wordRole, hs, he int) {
	if role&roleKey != 0 {
		s.keyHits = append(s.keyHits, keyHit{hs, he})
	}
	h := &s.escapes[s.depth]
	if role&roleEscape != 0 && h.wants(hs) && hidingHit(data, hs, he) {
		h.add(hs)
	}
	if role&roleJoin != 0 && joinHit(data, hs, he) {
		h.spots = append(h.spots, escapeSpot{at: joinStart(data, hs)})
	}
	if role&roleCodes != 0 {
		h.spots = append(h.spots, escapeSpot{at: charCodesStart(data, hs, he), codes: true, opens: opensList(data[hs:he])})
	}
}

// addHit records the window of every rule of keyword k around one hit.
func (s *Scanner) addHit(data []byte, k int32, hs, he int) {
	e := s.e
	if role := e.roles[k]; role != 0 {
		s.roleHit(data, role, hs, he)
	}
	if k == e.sqlWord {
		s.sqlInsert = true
	}
	if len(e.contextRules[k]) > 0 || len(e.callRules[k]) > 0 {
		s.providerHits = append(s.providerHits, providerHit{k, hs, he})
	}
	for _, ri := range e.keywordRules[k] {
		c := &e.rules[ri]
		// A rule for other files' names is not compiled for this one.
		if c.limited() && !s.pathActive[ri] {
			continue
		}
		p := c.prog()
		// A string stored after its length may be glued to what follows
		// (a protobuf field's next tag, '2' after field 5): the length,
		// not a word boundary, tells where it ends.
		end := -1
		if p.startsAtHit {
			end = lengthEnd(data, hs, s.unit.binary)
		}
		if p.wordBoundary && !wordBoundaryAt(data, hs) && !(s.unit.binary && p.startsAtHit && lengthPrefixed(data, hs)) && end < 0 {
			continue
		}
		// A literal password in a command or call is text someone typed:
		// in compiled code and databases, whose strings run together, the
		// patterns only cost time (a twentieth of a GOROOT scan).
		if c.Literal && s.unit.binary {
			continue
		}
		if c.WholeFile {
			s.addWhole(ri, len(data))
			continue
		}
		w := s.window(data, ri, hs, he)
		if p.startsAtHit && s.anchoredBytes[ri] < anchoredBudget*segmentSize {
			// An anchored rule's match starts at the keyword itself.
			w.start, w.anchored = hs, true
			s.anchoredBytes[ri] += w.end - w.start
			s.addAnchored(ri, w)
			if end > 0 && end < w.end {
				// Also read the string alone, so the pattern's closing \b
				// holds where the length ends it; the whole window stays
				// for a length byte that only looked like one.
				s.addAnchored(ri, span{start: hs, end: end, anchored: true, lengthCut: true})
			}
			continue
		}
		s.addWindow(ri, w)
	}
}

// addWhole gives a whole-file rule the whole data as its window, once.
func (s *Scanner) addWhole(ri int32, n int) {
	if s.wholeDone[ri] || n == 0 {
		return
	}
	s.wholeDone[ri] = true
	s.addWindow(ri, span{start: 0, end: n})
}

// lengthPrefixed tells whether the one or two printable bytes before
// data[i] follow a byte that is not text: in compiled code a string is
// stored after its length, and a length byte that is a letter or a digit
// ('7' before a 55-byte token in a Java class's constant pool, "z7" in a
// Python .pyc, a WebAssembly data segment's) is no part of the word.
// A rule that starts at its keyword reads its window from the keyword
// on, so the pattern's own \b holds there.
func lengthPrefixed(data []byte, i int) bool {
	text := func(c byte) bool { return c >= 0x20 && c < 0x7f || c == '\t' || c == '\n' || c == '\r' }
	return i == 1 || i >= 2 && !text(data[i-2]) || i >= 3 && !text(data[i-3])
}

// lengthEnd returns where a string starting at data[i] ends by the length
// stored before it (a one- or two-byte varint, as protobuf writes it; a
// big-endian u2's low byte, as a Java class file does), or -1 when no
// such length glues it to a word character that follows. Text is not
// read this way ("(ghp_..." holds 40 in its '('): the unit must be binary
// or the bytes around the string not text.
func lengthEnd(data []byte, i int, binary bool) int {
	if i < 1 {
		return -1
	}
	n := int(data[i-1])
	if n >= 0x80 {
		return -1
	}
	if i >= 2 && data[i-2] >= 0x80 {
		n = int(data[i-2]&0x7f) | n<<7
	}
	end := i + n
	if n < minLengthPrefixed || end >= len(data) || !isWordByte(data[end]) || !isWordByte(data[end-1]) {
		return -1
	}
	if !binary && !controlNear(data, i-1, end) {
		return -1
	}
	return end
}

// minLengthPrefixed is the shortest string lengthEnd reads: shorter
// lengths are as often any byte, and no token is that short.
const minLengthPrefixed = 16

// controlNear tells whether a byte that is not text lies among the 32
// before from or the 8 from end on: a binary record around the string.
func controlNear(data []byte, from, end int) bool {
	return holdsControl(data[max(0, from-32):from]) || holdsControl(data[end:min(len(data), end+8)])
}

func holdsControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			return true
		}
	}
	return false
}

// wordBoundaryAt reports whether \b holds at i, as RE2 defines it (ASCII
// word characters).
func wordBoundaryAt(data []byte, i int) bool {
	before := i > 0 && isWordByte(data[i-1])
	after := i < len(data) && isWordByte(data[i])
	return before != after
}

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// match runs each touched rule over its windows.
func (s *Scanner) match(data []byte, outer *span, matches []Match) []Match {
	e := s.e
	for _, ri := range s.touched {
		c := &e.rules[ri]
		p := c.prog()
		for _, w := range s.windows[ri] {
			win := data[w.start:w.end]
			anchored := p.anchored != nil && (w.anchored || c.LineAnchored)
			key, locs, ok := s.cache.get(ri, anchored, win)
			if !ok {
				locs = p.find(win, anchored)
				s.cache.put(key, win, locs)
			}
			n := len(matches)
			for _, loc := range locs {
				matches = s.consider(c, p, data, w.start, loc, outer, matches)
			}
			if w.lengthCut && len(matches) > n {
				matches = dropGlued(matches[:n], matches[n:], w.start)
			}
		}
		s.windows[ri] = s.windows[ri][:0]
	}
	s.touched = s.touched[:0]
	return matches
}

// dropGlued keeps the matches of a length-cut window (cut) and drops an
// earlier match of the same rule from the same start that ran on past
// the length: that one held the next field's first byte.
func dropGlued(before, cut []Match, start int) []Match {
	kept := before[:0]
	for _, m := range before {
		if m.MatchStart != start || m.Rule != cut[0].Rule || m.End <= cut[0].End {
			kept = append(kept, m)
		}
	}
	return append(kept, cut...)
}

// find returns the submatch indexes of the pattern's matches in win: the
// one at its start when anchored, else every one.
func (p *program) find(win []byte, anchored bool) [][]int {
	if anchored {
		if loc := p.anchored.FindSubmatchIndex(win); loc != nil {
			return [][]int{loc}
		}
		return nil
	}
	// Most windows hold a keyword but no secret; asking whether the
	// pattern matches at all is far cheaper than tracking groups.
	if !p.re.Match(win) {
		return nil
	}
	return p.re.FindAllSubmatchIndex(win, -1)
}

// consider checks one regex match (loc is relative to base) and appends it
// to matches if its secret passes the rule's checks; a provider rule's
// rejected secret becomes a veto for generic rules.
func (s *Scanner) consider(c *compiled, p *program, data []byte, base int, loc []int, outer *span, matches []Match) []Match {
	gs, ge := p.secretSpan(loc)
	if gs < 0 || gs == ge {
		return matches
	}
	gs, ge = base+gs, base+ge
	secret := data[gs:ge]
	if !c.accepts(secret) {
		if !c.Generic() && !c.Exact {
			v := span{start: gs, end: ge}
			if outer != nil {
				v = *outer
			}
			s.vetoes = append(s.vetoes, v)
		}
		return matches
	}
	m := Match{Rule: c.Rule, Secret: string(secret), Start: gs, End: ge, MatchStart: base + loc[0], MatchEnd: base + loc[1], Confidence: ConfidenceHigh}
	if c.Provider == keystoreProvider && !keystoreText(&m) {
		return matches // base64 that is no keystore with a key
	}
	if c.Literal {
		switch classifyValue(secret, true, false) {
		case valueLiteral:
		case valueWeak:
			// A real credential, and an easy one; in the shapes pattern
			// rules read (URLs, command lines, SQL) it is as often a
			// documentation example, so it is medium: still shown by
			// default (a default nobody changed is a leak too).
			m.Note, m.Confidence = NoteWeakPassword, min(m.Confidence, ConfidenceMedium)
		default:
			return matches
		}
	}
	if (p.claims != nil || bytes.HasPrefix(secret, jwtStart)) && !s.e.describeJWT(&m, p.claims) {
		return matches // a JWT without the claims this rule is about
	}
	if (s.unit.test || s.unit.docs) && !c.Exact {
		m.Confidence = testConfidence(c, m.Confidence, secret)
		if c.Generic() && s.unit.test && !c.InTests {
			// A generic pattern (a hash, a command line's password) in a
			// test or the docs is a fixture or an example.
			m.Confidence = ConfidenceLow
		}
	}
	if outer != nil {
		m.Start, m.End, m.Encoding = outer.start, outer.end, "base64"
		m.MatchStart, m.MatchEnd = outer.start, outer.end
	}
	return append(matches, m)
}

// secretSpan returns the first secret group that took part in the match
// and captured something.
func (p *program) secretSpan(loc []int) (int, int) {
	for _, g := range p.groups {
		if loc[2*g] >= 0 && loc[2*g+1] > loc[2*g] {
			return loc[2*g], loc[2*g+1]
		}
	}
	return -1, -1
}

func (c *compiled) accepts(secret []byte) bool {
	if c.Exact {
		// gitleaks keeps a secret whose entropy is above the minimum.
		return c.acceptsShape(secret) && (c.Entropy == 0 || rule.Entropy(secret) > c.Entropy)
	}
	if !c.acceptsShape(secret) || c.NotCode && looksLikeCode(secret) {
		return false
	}
	// A literal rule's value is read afterwards as assigned values are
	// (classifyValue), which tells a call (name(...)) from a password that
	// merely holds ( and ).
	return noiseReasonOf(secret, !c.NoPlaceholderFilter, !c.Literal) == ""
}

// acceptsShape checks what the rule asks of the secret itself: entropy,
// checksum, character classes. An assigned value has had its own,
// finer checks instead of the noise filters (classifyValue).
func (c *compiled) acceptsShape(secret []byte) bool {
	if c.Entropy > 0 {
		if h := rule.Entropy(secret); h < c.Entropy && !c.floor().randomLike(h, len(secret)) && !(c.Generic() && randomHex(secret, h)) {
			return false
		}
	}
	if c.checksum != nil && !c.checksum(secret) {
		return false
	}
	return c.MinClasses == 0 || charClasses(secret) >= c.MinClasses
}

// window is the part of data a rule's pattern may see around a keyword hit:
// a byte window, or the hit's line cut to maxLineReach on either side.
func (s *Scanner) window(data []byte, ri int32, hs, he int) span {
	if w := s.e.rules[ri].Window; w > 0 {
		return span{start: max(0, hs-w), end: min(len(data), he+w)}
	}
	ls, le := s.line.bounds(data, hs, he)
	return span{start: max(ls, hs-maxLineReach), end: min(le, he+maxLineReach)}
}

// addAnchored records a window that must not be merged: its start is
// where the anchored pattern is tried.
func (s *Scanner) addAnchored(ri int32, w span) {
	if len(s.windows[ri]) == 0 {
		s.touched = append(s.touched, ri)
	}
	s.windows[ri] = append(s.windows[ri], w)
}

// addWindow records a window for a rule, merging it with the previous one
// when they overlap so no byte is matched twice by the same rule.
func (s *Scanner) addWindow(ri int32, w span) {
	ws := s.windows[ri]
	if len(ws) == 0 {
		s.touched = append(s.touched, ri)
		s.windows[ri] = append(ws, w)
		return
	}
	last := &ws[len(ws)-1]
	if w.start <= last.end && !last.anchored {
		last.start = min(last.start, w.start)
		last.end = max(last.end, w.end)
		return
	}
	s.windows[ri] = append(ws, w)
}

// resolve orders matches and drops duplicates: the same rule at the same
// place, one of a plain match and its rule's match in a decoded view of
// its escapes (preferDecoded), and generic matches overlapping a provider
// match, a span a provider rule rejected, or an earlier generic match.
// A generic match that cut reports to be a vendor's token cut short is
// dropped too.
func resolve(data []byte, ms []Match, vetoes []span, cut func(string) bool) []Match {
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Start != ms[j].Start {
			return ms[i].Start < ms[j].Start
		}
		return ms[i].End > ms[j].End
	})
	ms = preferDecoded(data, ms)
	keepGenericConfidence(ms)
	out := ms[:0]
	for i, m := range ms {
		if i > 0 && containsSame(out, m) {
			continue
		}
		if m.Rule.Generic() && (overlapsOther(ms, i) || overlapsAny(vetoes, m) || cut(m.Secret)) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// keepGenericConfidence gives a provider's match of the same secret at the
// same place at least the confidence of the generic match it replaces:
// naming the vendor adds to what the name and the value said already (a
// token in a YAML fence of a runbook, its vendor named in the prose
// above it). ms is sorted by start.
func keepGenericConfidence(ms []Match) {
	for i := range ms {
		if !ms[i].Rule.Generic() {
			continue
		}
		g := ms[i]
		for j := i - 1; j >= 0 && ms[j].Start == g.Start; j-- {
			raiseSame(&ms[j], g)
		}
		for j := i + 1; j < len(ms) && ms[j].Start == g.Start; j++ {
			raiseSame(&ms[j], g)
		}
	}
}

func raiseSame(p *Match, g Match) {
	if !p.Rule.Generic() && p.End == g.End && p.Secret == g.Secret {
		p.Confidence = max(p.Confidence, g.Confidence)
	}
}

// oneRulePerSecret keeps one of two rules of the same provider that found
// the same secret at the same place: the one first in the order of
// precedence. Django's startproject key matched both its own rule and
// the settings-module rule, and was reported twice. ms is sorted by start.
func (e *Engine) oneRulePerSecret(ms []Match) []Match {
	var drop []bool
	for i := range ms {
		for j := i + 1; j < len(ms) && ms[j].Start == ms[i].Start; j++ {
			a, b := ms[i], ms[j]
			if a.End != b.End || a.Secret != b.Secret || a.Rule == b.Rule || a.Rule.Provider != b.Rule.Provider || a.Rule.Generic() {
				continue
			}
			if drop == nil {
				drop = make([]bool, len(ms))
			}
			if e.rank[a.Rule] <= e.rank[b.Rule] {
				drop[j] = true
			} else {
				drop[i] = true
			}
		}
	}
	return without(ms, drop)
}

// containsSame reports whether kept already has m (the same rule and
// secret at the same place, found twice, say by its pattern and as an
// assigned value); the kept one takes the better confidence and the key
// path.
func containsSame(kept []Match, m Match) bool {
	for j := len(kept) - 1; j >= 0 && kept[j].Start == m.Start; j-- {
		k := &kept[j]
		if k.Rule == m.Rule && k.End == m.End && k.Secret == m.Secret {
			k.Confidence = max(k.Confidence, m.Confidence)
			if k.KeyPath == "" {
				k.KeyPath = m.KeyPath
			}
			return true
		}
	}
	return false
}

// overlapsOther reports whether generic match i overlaps a provider match, or
// a generic match ordered before it. ms is sorted by start.
func overlapsOther(ms []Match, i int) bool {
	m := ms[i]
	overlaps := func(o Match, later bool) bool {
		if o.End <= m.Start || o.Start >= m.End || (later && o.Rule.Generic()) {
			return false
		}
		return !(o.Secret == m.Secret && o.Rule == m.Rule)
	}
	// A secret is never longer than a window plus a line's reach, which
	// bounds how far back an overlapping match can start.
	for j := i - 1; j >= 0 && ms[j].Start > m.Start-(rule.MaxWindow+2*maxLineReach); j-- {
		if overlaps(ms[j], false) {
			return true
		}
	}
	for j := i + 1; j < len(ms) && ms[j].Start < m.End; j++ {
		if overlaps(ms[j], true) {
			return true
		}
	}
	return false
}

func overlapsAny(spans []span, m Match) bool {
	for _, v := range spans {
		if v.start < m.End && m.Start < v.end {
			return true
		}
	}
	return false
}

// locate fills Line and Column and drops matches on a line that carries the
// leakhound:allow marker. ms is sorted by Start.
func locate(data []byte, ms []Match) (kept []Match, allowed int) {
	line, lineStart, pos := 1, 0, 0
	checked, skip := -1, false // the line whose markers were read, and its verdict
	out := ms[:0]
	for _, m := range ms {
		if m.Start > pos {
			seg := data[pos:m.Start]
			if n := bytes.Count(seg, []byte{'\n'}); n > 0 {
				line += n
				lineStart = pos + bytes.LastIndexByte(seg, '\n') + 1
			}
			pos = m.Start
		}
		if checked != lineStart {
			checked, skip = lineStart, allowedLine(data, lineStart)
		}
		if skip {
			allowed++
			continue
		}
		m.Line, m.Column = line, m.Start-lineStart+1
		out = append(out, m)
	}
	return out, allowed
}

// allowMarkers, on a finding's line, mark it as reviewed and not a secret:
// leakhound's own and those of the tools teams switch from (gitleaks,
// TruffleHog, Yelp's detect-secrets, GitGuardian's ggshield and
// Kingfisher, whose inline_ignore reads kingfisher:ignore and
// kingfisher:allow), so their reviews carry over. Nosey Parker and Titus
// document none.
var allowMarkers = [][]byte{[]byte(allowMarker), []byte("gitleaks:allow"), []byte("trufflehog:ignore"), []byte("pragma: allowlist secret"),
	[]byte("ggignore"), []byte("kingfisher:ignore"), []byte("kingfisher:allow")}

// nextLineMarker on a line allows the line that follows (detect-secrets).
var nextLineMarker = []byte("pragma: allowlist nextline secret")

// allowedLine reports whether the line starting at start, or the line
// before it with detect-secrets' nextline pragma, carries an allow marker.
// At most maxMarkerLine bytes of a line are read, however long the line.
func allowedLine(data []byte, start int) bool {
	hi := min(len(data), start+maxMarkerLine)
	end := hi
	if i := bytes.IndexByte(data[start:hi], '\n'); i >= 0 {
		end = start + i
	}
	for _, mk := range allowMarkers {
		if bytes.Contains(data[start:end], mk) {
			return true
		}
	}
	if start == 0 {
		return false
	}
	prev := max(0, start-1-maxMarkerLine)
	prev += bytes.LastIndexByte(data[prev:start-1], '\n') + 1
	return bytes.Contains(data[prev:start-1], nextLineMarker)
}

// maxMarkerLine is how much of a line is searched for an allow marker.
const maxMarkerLine = 64 << 10
