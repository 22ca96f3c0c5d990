package corpus

import (
	"fmt"
	"strings"

	"github.com/leakhound/leakhound/internal/fastimport"
)

// How the git variant hides a secret in history.
const (
	HistoryRemoved  = "removed-later"  // added, then replaced by a reference
	HistoryDeleted  = "deleted-file"   // added, then the file deleted
	HistoryBranch   = "branch-only"    // only on a branch that was never merged
	HistoryRenamed  = "renamed"        // added, then the file renamed
	HistoryMessage  = "commit-message" // in a commit message
	MessagePath     = "(commit message)"
	historyMainRef  = "refs/heads/main"
	historyBaseTime = 1714000000
)

var historyKinds = []string{HistoryRemoved, HistoryDeleted, HistoryBranch, HistoryRenamed, HistoryMessage}

// historyCase is a secret only the git variant has.
type historyCase struct {
	kind    string
	file    File    // the file as first committed (none for commit-message)
	truth   []Truth // where its values are in that version
	message string  // commit-message: the message holding the secret
}

// historyCases makes the cases with the same generators as the tree, then
// takes their files out of the tree.
func (b *builder) historyCases() {
	for i := 0; i < b.n(100); i++ {
		g := b.g
		kind := historyKinds[i%len(historyKinds)]
		if kind == HistoryMessage {
			k := one(g, append(append([]tokenKind{}, prefixedKinds...), unprefixedKinds...))
			v := k.value(g)
			msg := fmt.Sprintf("%s\n\nRotated the %s credential; new value for the runbook:\n%s=%s\n", g.pick("Update staging config", "Fix deploy script", "Rotate credentials"), k.name, upperSnake.join(b.pname(k)), v)
			class := ClassUnprefixed
			if isPrefixedKind(k) {
				class = ClassPrefixed
			}
			b.c.history = append(b.c.history, historyCase{kind: kind, message: msg, truth: []Truth{{Path: MessagePath, Line: 4, Secret: v, Expect: k.provider, Class: class, Shape: ShapeNameBefore, Variant: k.id, Format: "commit-message", History: kind}}})
			continue
		}
		nf, nt := len(b.c.Files), len(b.c.Truth)
		switch i % 4 {
		case 0:
			k := one(g, unprefixedKinds)
			b.tokenCase(k, ShapeNameBefore, g.pick("env", "yaml", "json", "py", "sh"), ClassUnprefixed, k.value(g))
		case 1:
			k := one(g, prefixedKinds)
			b.tokenCase(k, ShapeNameBefore, g.pick("env", "yaml", "js", "go", "tfvars"), ClassPrefixed, k.value(g))
		case 2:
			v, weak := g.password(pwBare)
			b.plant("env", []string{"APP_ENV=production", "DB_PASSWORD=" + v, "DB_HOST=" + g.hostname()}, pwMark(v, weak, FamilyPassword, "env", "history"))
		default:
			v, weak := g.password(pwURL)
			b.plantConn("yaml", b.sub(connStrings[g.IntN(5)].tmpl, v), pwMark(v, weak, FamilyConnString, "url", "history"))
		}
		if b.err != nil || len(b.c.Files) != nf+1 {
			if b.err == nil {
				b.err = fmt.Errorf("corpus: a history case wrote %d files", len(b.c.Files)-nf)
			}
			return
		}
		hc := historyCase{kind: kind, file: b.c.Files[nf], truth: append([]Truth(nil), b.c.Truth[nt:]...)}
		for j := range hc.truth {
			hc.truth[j].History = kind
		}
		b.c.Files, b.c.Truth = b.c.Files[:nf], b.c.Truth[:nt]
		delete(b.paths, hc.file.Path)
		b.c.history = append(b.c.history, hc)
	}
}

func isPrefixedKind(k tokenKind) bool {
	for _, p := range prefixedKinds {
		if p.id == k.id {
			return true
		}
	}
	return false
}

// WriteGit writes the corpus as a bare git repository at dir: the tree's
// files over several commits on main, then the history cases, each with
// the commits that hide it. It returns the truth for the repository: the
// tree's and the history's, with the commit that adds each history value.
func (c *Corpus) WriteGit(dir string) ([]Truth, error) {
	fw, err := fastimport.New(dir)
	if err != nil {
		return nil, err
	}
	t := int64(historyBaseTime)
	commit := func(ref string, from int, msg string, ops ...fastimport.Op) int {
		t += 3600
		return fw.Commit(fastimport.Commit{Ref: ref, From: from, Message: msg, Time: t, Ops: ops})
	}
	const batches = 8
	var head int
	for i := 0; i < batches; i++ {
		var ops []fastimport.Op
		for j := i; j < len(c.Files); j += batches {
			ops = append(ops, fastimport.Op{Path: c.Files[j].Path, Content: c.Files[j].Content})
		}
		head = commit(historyMainRef, 0, fmt.Sprintf("Import services, part %d", i+1), ops...)
	}
	type pending struct {
		mark  int
		truth []Truth
	}
	var added []pending
	for i, hc := range c.history {
		switch hc.kind {
		case HistoryMessage:
			m := commit(historyMainRef, 0, hc.message, fastimport.Op{Path: "CHANGELOG.md", Content: []byte(fmt.Sprintf("# Changelog\n\n- release %d\n", i))})
			added = append(added, pending{m, hc.truth})
		case HistoryBranch:
			ref := fmt.Sprintf("refs/heads/feature/%s-%d", strings.ReplaceAll(strings.SplitN(hc.file.Path, "/", 3)[1], "-", "_"), i)
			m := commit(ref, head, "WIP: configure "+hc.file.Path, fastimport.Op{Path: hc.file.Path, Content: hc.file.Content})
			added = append(added, pending{m, hc.truth})
		default:
			m := commit(historyMainRef, 0, "Add "+hc.file.Path, fastimport.Op{Path: hc.file.Path, Content: hc.file.Content})
			truth := hc.truth
			switch hc.kind {
			case HistoryRemoved:
				clean := string(hc.file.Content)
				for _, tr := range truth {
					if tr.Positive() {
						clean = strings.ReplaceAll(clean, tr.Secret, "${REDACTED}")
					}
				}
				commit(historyMainRef, 0, "Move the credential out of "+hc.file.Path, fastimport.Op{Path: hc.file.Path, Content: []byte(clean)})
			case HistoryDeleted:
				commit(historyMainRef, 0, "Remove "+hc.file.Path, fastimport.Op{Path: hc.file.Path, Delete: true})
			case HistoryRenamed:
				to := renamedPath(hc.file.Path)
				commit(historyMainRef, 0, "Rename "+hc.file.Path, fastimport.Op{Path: to, RenameFrom: hc.file.Path})
				truth = append([]Truth(nil), truth...)
				for j := range truth {
					truth[j].AltPaths = []string{to}
				}
			}
			added = append(added, pending{m, truth})
		}
	}
	marks, err := fw.Close()
	if err != nil {
		return nil, err
	}
	out := append([]Truth(nil), c.Truth...)
	for _, p := range added {
		for _, tr := range p.truth {
			tr.Commit = marks[p.mark]
			out = append(out, tr)
		}
	}
	return out, nil
}

// renamedPath moves a file into an "old" folder beside it.
func renamedPath(p string) string {
	i := strings.LastIndex(p, "/")
	return p[:i] + "/old" + p[i:]
}
