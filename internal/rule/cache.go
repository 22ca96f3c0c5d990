package rule

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"hash/crc32"
	"io"
	"io/fs"
	"sort"
	"strings"

	"github.com/leakhound/leakhound/internal/filecache"
)

// LoadCachedAs is LoadFS with a cache: parsing and checking hundreds of
// YAML files takes a quarter of a second, too long for a pre-commit hook,
// so the checked result is kept in cacheDir under key and reused. A key
// must change whenever the content or this package's types do, such as
// the build ID of the binary that embeds fsys; "" hashes the files'
// contents. Without full, what only explaining, checking and
// investigating use (playbooks, investigations, examples and validity
// checks, two thirds of the catalogue) is left out, which a scan that
// checks nothing would decode at every start for nothing. The cache is
// only an optimisation: any problem with it falls back to parsing.
//
// The cache holds the catalogue without its extras (scancodec.go), then
// the extras as a gob value, so a scan stops after the first.
func LoadCachedAs(fsys fs.FS, cacheDir, key string, full bool) ([]*Provider, error) {
	var err error
	if key == "" && cacheDir != "" {
		key, err = contentKey(fsys)
	}
	if err != nil || cacheDir == "" {
		return loadTrimmed(fsys, full)
	}
	if data, release, ok := catalogueCache.Map(cacheDir, key); ok {
		// The catalogue's strings are the mapped file, which therefore
		// stays mapped as long as the process runs (a command loads one
		// catalogue): the cache's files are only ever replaced by rename,
		// so its pages cannot go.
		if providers, ok := decodeCached(data, full); ok {
			return providers, nil
		}
		release()
	}
	providers, err := LoadFS(fsys)
	if err != nil {
		return nil, err
	}
	ex := takeExtras(providers)
	setProviderFields(providers, false)
	buf := bytes.NewBuffer(encodeScan(providers))
	if gob.NewEncoder(buf).Encode(ex) == nil {
		catalogueCache.Write(cacheDir, key, buf.Bytes())
	}
	setProviderFields(providers, true)
	if full {
		putExtras(providers, ex)
	}
	return providers, nil
}

// loadTrimmed parses the catalogue, without its extras unless full.
func loadTrimmed(fsys fs.FS, full bool) ([]*Provider, error) {
	providers, err := LoadFS(fsys)
	if err == nil && !full {
		takeExtras(providers)
	}
	return providers, err
}

// decodeCached reads a cache file's catalogue, and its extras when full.
func decodeCached(data []byte, full bool) ([]*Provider, bool) {
	providers, rest, ok := decodeScan(data)
	if !ok {
		return nil, false
	}
	if full {
		var ex []extras
		if gob.NewDecoder(bytes.NewReader(rest)).Decode(&ex) != nil || !putExtras(providers, ex) {
			return nil, false
		}
	}
	// Only a catalogue that passed Check is written here.
	for _, p := range providers {
		for i := range p.Rules {
			p.Rules[i].markParsed()
		}
	}
	setProviderFields(providers, true)
	return providers, true
}

// setProviderFields fills each rule's copy of its provider's fields, as
// Check does, or clears it. The cache holds them once per provider: a
// copy per rule was a tenth of what a scan decoded at every start.
func setProviderFields(providers []*Provider, fill bool) {
	for _, p := range providers {
		from := p
		if !fill {
			from = &Provider{}
		}
		for i := range p.Rules {
			from.lend(&p.Rules[i])
		}
	}
}

// extras are the parts of a provider that only explaining, checking and
// investigating read. Checks are a sixth of the rest of a rule: a scan
// that validates or reports to a server loads the whole catalogue.
type extras struct {
	Playbook    Playbook
	Investigate []Investigation
	Rules       []ruleExtras
}

type ruleExtras struct {
	Playbook         Playbook
	Examples         []string
	NegativeExamples []string
	Validate         *Validate
}

// takeExtras moves the extras out of providers.
func takeExtras(providers []*Provider) []extras {
	out := make([]extras, len(providers))
	for i, p := range providers {
		e := &out[i]
		e.Playbook, e.Investigate, p.Playbook, p.Investigate = p.Playbook, p.Investigate, Playbook{}, nil
		e.Rules = make([]ruleExtras, len(p.Rules))
		for j := range p.Rules {
			r := &p.Rules[j]
			e.Rules[j] = ruleExtras{r.Playbook, r.Examples, r.NegativeExamples, r.Validate}
			// A rule's investigation is one of the provider's, linked
			// again by putExtras: kept here too, it was a tenth of what
			// a scan decoded.
			r.Playbook, r.Examples, r.NegativeExamples, r.Validate, r.Investigation = Playbook{}, nil, nil, nil, nil
		}
	}
	return out
}

// putExtras moves ex back into providers; false when their shapes differ.
func putExtras(providers []*Provider, ex []extras) bool {
	if len(ex) != len(providers) {
		return false
	}
	for i, p := range providers {
		if len(ex[i].Rules) != len(p.Rules) {
			return false
		}
	}
	for i, p := range providers {
		p.Playbook, p.Investigate = ex[i].Playbook, ex[i].Investigate
		for j := range p.Rules {
			r, e := &p.Rules[j], ex[i].Rules[j]
			r.Playbook, r.Examples, r.NegativeExamples, r.Validate = e.Playbook, e.Examples, e.NegativeExamples, e.Validate
		}
		p.linkInvestigations()
	}
	return true
}

// contentKey hashes every catalogue file's name and content, plus the
// shape of the Go types (gob's own description of them), so an edit to a
// rule or to the schema misses the cache. The key guards against
// accidents, not attacks (the catalogue is the binary's own, or the
// user's): two CRC-32s computed in hardware, 64 bits, cost a fifth of
// the SHA-256 that made up a fifth of a run's start-up.
func contentKey(fsys fs.FS) (string, error) {
	// Listed, not globbed: matching the pattern against each of the
	// catalogue's 900 names cost more than hashing their contents.
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return "", err
	}
	var names []string
	for _, e := range entries {
		if name := e.Name(); strings.HasSuffix(name, ".yaml") && !e.IsDir() {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	ieee, c32 := crc32.NewIEEE(), crc32.New(crc32.MakeTable(crc32.Castagnoli))
	h := io.MultiWriter(ieee, c32)
	// Encoding an empty value still writes gob's full type description.
	enc := gob.NewEncoder(h)
	if err := enc.Encode([]*Provider{{Rules: []Rule{{Validate: &Validate{BasicAuth: &BasicAuth{}}}}}}); err != nil {
		return "", err
	}
	if err := enc.Encode([]extras{{Rules: []ruleExtras{{}}}}); err != nil {
		return "", err
	}
	// Streamed through one buffer: reading each file whole allocated the
	// catalogue's 2.6 MB again at every start, for the collector to clear.
	buf := make([]byte, 32<<10)
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return "", err
		}
		h.Write([]byte(name))
		h.Write([]byte{0})
		_, err = io.CopyBuffer(h, struct{ io.Reader }{f}, buf)
		f.Close()
		if err != nil {
			return "", err
		}
		h.Write([]byte{0})
	}
	var sum [8]byte
	binary.BigEndian.PutUint32(sum[:4], ieee.Sum32())
	binary.BigEndian.PutUint32(sum[4:], c32.Sum32())
	return hex.EncodeToString(sum[:]), nil
}

// catalogueCache holds checked catalogues, about 3 MB each; the newest
// keptCatalogues versions stay.
var catalogueCache = filecache.Kind{Prefix: "catalogue-", Suffix: ".gob", Keep: keptCatalogues}

const keptCatalogues = 8
