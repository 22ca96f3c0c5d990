package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/leakhound/leakhound/internal/gitpack"
	"github.com/leakhound/leakhound/internal/pathmatch"
)

// Git scans the history of a repository. Every blob is read once, however
// many commits and paths share it, and is attributed to the first commit
// (in topological order, parents first) that introduced it. History is
// listed with `git log --raw`, which compares trees without reading file
// contents; blob contents are then read from the packs and loose objects
// in this process (gitpack), one reader per worker so inflation runs on
// every core, or, for a layout gitpack does not read, streamed by `git
// cat-file --batch` processes.
type Git struct {
	Repo string
	// Revs selects commits as git log arguments; empty means every ref.
	Revs        []string
	Exclude     *pathmatch.Matcher
	MaxFileSize int64
	Workers     int
	// Profile, when set, names how a path is scanned (the scan's own
	// PathProfile): a blob met again at a path of another profile is read
	// and scanned there too; at a path of the same profile, the findings
	// of the reading are carried over (Report.Copied) without reading it.
	Profile func(path string) string
	// ObjectReader chooses how blobs are read: ReaderAuto ("" too) or
	// ReaderGit.
	ObjectReader string
	// LFSElsewhere says that Git LFS content is expected to live outside
	// this repository (a CI checkout that did not fetch it, a server
	// whose LFS store is not beside its git objects): content the local
	// store lacks is named without making the scan incomplete. Otherwise
	// (a developer's clone, whose pushes and commits carry their LFS
	// content) it makes the scan incomplete.
	LFSElsewhere bool
	// PlanBatch bounds how many listed blobs are planned into delta trees
	// at once when reading in-process (0: DefaultPlanBatch).
	PlanBatch int
	// ListChunk is how many commits one git log process lists (0:
	// DefaultListChunk); Workers of them run at once.
	ListChunk int
	// Unreachable, for a scan of the whole history (no Revs), also reads
	// the objects no ref or reflog reaches, which git keeps until it
	// prunes them (see unreachable.go).
	Unreachable bool
	// Verbose, when set, is told how the history is read.
	Verbose func(string)
	// own says Repo is a temporary repository of the scan's own (see
	// gitPack): git's environment variables, such as the GIT_DIR and
	// GIT_OBJECT_DIRECTORY a hook runs with, must not point git elsewhere.
	own bool
}

type blobJob struct {
	oid    string
	path   string
	commit *Commit
	lines  LineSet // nil: every line
	// inline is content that came with the history listing (a commit
	// message), passed through the reader without asking cat-file.
	inline []byte
	// copyOf, for a blob already read at another path of the same
	// profile, is that path: the blob is not read again, its findings
	// are carried over (Report.Copied).
	copyOf string
	// walk, when set, is a delta tree of blobs to read in pack order
	// instead of one blob.
	walk *plannedWalk
	// headers: oid is a commit, of which what git log does not show is
	// scanned (commitExtras).
	headers bool
	// name: inline is the last part of path, scanned as a name (Unit.Name).
	name bool
}

// CommitMessagePath is the path reported for a secret in a commit message.
const CommitMessagePath = "(commit message)"

// CommitIdentityPath is the path reported for a secret in a commit's
// author or committer (name and e-mail).
const CommitIdentityPath = "(commit author and committer)"

// Run lists the blobs the selected commits introduced and hands each to
// handle. An unreadable repository, a bad revision or a missing object is
// an error or a Problem, never an empty result.
func (g *Git) Run(ctx context.Context, rep Report, handle Handler) error {
	if err := g.check(ctx); err != nil {
		return err
	}
	gaps, err := g.inspectClone(ctx)
	if err != nil {
		return err
	}
	store, why, err := g.openObjects(ctx)
	if err != nil {
		return err
	}
	if store != nil {
		defer store.Close()
		g.say("reading objects in-process: " + store.Layout().String())
	} else {
		g.say("reading objects with git cat-file: " + why)
	}
	revs, loose, err := g.selected(ctx)
	if err != nil {
		return err
	}
	return g.pipeline(ctx, rep, handle, store, func(ctx context.Context, jobs []chan blobJob) error {
		// Read in-process, blobs are read in the order the packs store
		// them, a batch of listed blobs at a time (readPlanned).
		var listed *plannedBatches
		if store != nil {
			listed = &plannedBatches{g: g, store: store, jobs: jobs, size: g.PlanBatch}
			if listed.size <= 0 {
				listed.size = DefaultPlanBatch
			}
		}
		if err := g.listBlobs(ctx, jobs, revs, rep, gaps, listed); err != nil {
			return err
		}
		if listed != nil && !listed.flush(ctx) {
			return ctx.Err()
		}
		// The refs (or positive revisions) both read, listed once.
		tips, err := g.tipNames(ctx)
		if err != nil {
			return ctxOr(ctx, err)
		}
		if err := g.refObjects(ctx, jobs, tips, RefPathPrefix); err != nil {
			return err
		}
		if err := g.refNames(ctx, jobs, tips); err != nil {
			return err
		}
		if err := g.refObjects(ctx, jobs, loose, UnreachablePathPrefix); err != nil {
			return err
		}
		return g.tagMessages(ctx, jobs, tips)
	})
}

func (g *Git) say(msg string) {
	if g.Verbose != nil {
		g.Verbose(msg)
	}
}

// pipeline reads the blobs that produce sends (to the channel of the
// reader that should fetch them) and hands them to handle. They are read
// from store, or through git cat-file when it is nil.
func (g *Git) pipeline(ctx context.Context, rep Report, handle Handler, store *gitpack.Store, produce func(context.Context, []chan blobJob) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	handle = g.withLFS(ctx, rep, handle)
	failed := &firstFailure{cancel: cancel}
	workers := max(1, g.Workers)
	var jobs []chan blobJob
	var wait func()
	if store != nil {
		jobs, wait = g.readAndScan(ctx, store, workers, rep, handle, failed)
	} else {
		jobs, wait = g.catFileThenScan(ctx, workers, rep, handle, failed)
	}
	if err := produce(ctx, jobs); err != nil {
		failed.fail(err)
	}
	for _, ch := range jobs {
		close(ch)
	}
	wait()
	if err := failed.first(); err != nil {
		return err
	}
	return ctx.Err()
}

// readAndScan starts workers that each read a blob from store and scan it,
// taking the next job from one shared queue: reading in-process needs no
// process to keep busy, and a goroutine per core doing both never waits on
// another. Each worker reuses one buffer.
func (g *Git) readAndScan(ctx context.Context, store *gitpack.Store, workers int, rep Report, handle Handler, failed *firstFailure) ([]chan blobJob, func()) {
	queue := make(chan blobJob, 1024)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &blobReader{g: g, ctx: ctx, store: store, rep: rep, handle: handle, failed: failed, worker: w}
			for j := range queue {
				switch {
				case ctx.Err() != nil:
					// Drain, so the listing is not left waiting.
				case j.walk != nil:
					r.walk(j.walk)
				default:
					r.read(j)
				}
			}
		}()
	}
	return []chan blobJob{queue}, wg.Wait
}

// blobReader is one worker of readAndScan: it reads blobs in-process and
// hands them to handle, reusing its buffer, walker and what the scans of
// the blobs on a walked path keep.
type blobReader struct {
	g      *Git
	ctx    context.Context
	store  *gitpack.Store
	rep    Report
	handle Handler
	failed *firstFailure
	worker int
	buf    []byte
	walker *gitpack.Walker
	// kept holds, by depth on the path walked, what the scan of the blob
	// there keeps for the blobs rebuilt from it.
	kept []Kept
}

// read reads one blob by itself.
func (r *blobReader) read(j blobJob) {
	data, err := r.g.readObject(r.ctx, r.store, j, r.buf, r.rep)
	if err != nil {
		r.failed.fail(err)
		return
	}
	if data != nil {
		r.buf = data[:0]
		if data = j.content(data); len(data) > 0 {
			r.handle(r.worker, j.unit(data))
		}
	}
}

// walk reads the blobs of a delta tree in pack order, then those the walk
// left, one by one.
func (r *blobReader) walk(pw *plannedWalk) {
	if r.walker == nil {
		r.walker = r.store.NewWalker(0)
	}
	left := r.walker.Walk(pw.tree, r.g.MaxFileSize, func(n gitpack.Node) bool {
		if r.ctx.Err() != nil {
			return false
		}
		// A base no one asked for keeps nothing.
		for len(r.kept) <= n.Depth {
			r.kept = append(r.kept, nil)
		}
		if r.kept[n.Depth] != nil {
			r.kept[n.Depth].Reset()
		}
		for _, i := range n.Wants {
			u := pw.jobs.at(i).job().unit(n.Data)
			u.Derived = &Derived{Copies: n.Copies, Keep: &r.kept[n.Depth]}
			if n.Depth > 0 {
				u.Derived.Base = r.kept[n.Depth-1]
			}
			r.rep.Read(int64(len(n.Data)))
			r.handle(r.worker, u)
		}
		return true
	})
	for _, i := range left {
		r.read(pw.jobs.at(i).job())
	}
}

// readPlanned sends the blobs listed as walks of the packs' delta trees
// (gitpack.Plan), each stored entry inflated once, then those no tree
// holds as jobs of their own. It returns false when the scan was stopped.
func (g *Git) readPlanned(ctx context.Context, store *gitpack.Store, jobs []chan blobJob, listed *jobList) bool {
	ids := make([]gitpack.ID, listed.n)
	for i := range ids {
		ids[i] = listed.at(i).id
	}
	plan := store.Plan(ids)
	for _, t := range plan.Trees() {
		if !sendJob(ctx, jobs, blobJob{walk: &plannedWalk{tree: t, jobs: listed}}) {
			return false
		}
	}
	for _, i := range plan.Rest() {
		if !sendJob(ctx, jobs, listed.at(i).job()) {
			return false
		}
	}
	return true
}

// plannedWalk is a delta tree to walk, with the jobs its objects were
// asked for by (indexes of the ids given to gitpack.Plan).
type plannedWalk struct {
	tree *gitpack.DeltaTree
	jobs *jobList
}

// DefaultPlanBatch is how many listed blobs are planned at once: what a
// plan holds grows with it (about 120 bytes a blob, with the listed job),
// and a delta tree whose blobs fall in two batches has its shared bases
// rebuilt in each. git/git's main branch lists 147,509 blobs: one batch.
const DefaultPlanBatch = 1 << 18

// plannedBatches collects listed blobs and sends them to the readers as
// delta trees, a batch at a time, so a history of millions of blobs is
// not held whole.
type plannedBatches struct {
	g     *Git
	store *gitpack.Store
	jobs  []chan blobJob
	size  int
	cur   *jobList
}

// add lists j, and plans the batch when it is full; false: stopped.
func (b *plannedBatches) add(ctx context.Context, j blobJob) bool {
	id, err := gitpack.ParseID(j.oid)
	if err != nil {
		// Not a SHA-1 name: readObject reports it.
		return sendJob(ctx, b.jobs, j)
	}
	if b.cur == nil {
		b.cur = &jobList{}
	}
	b.cur.add(listedBlob{id: id, path: j.path, commit: j.commit})
	if b.cur.n >= b.size {
		return b.flush(ctx)
	}
	return ctx.Err() == nil
}

// flush plans and sends the blobs listed since the last batch.
func (b *plannedBatches) flush(ctx context.Context) bool {
	cur := b.cur
	b.cur = nil
	if cur == nil {
		return ctx.Err() == nil
	}
	return b.g.readPlanned(ctx, b.store, b.jobs, cur)
}

// jobList holds the blobs listed for reading in chunks, so that a long
// history's list is never held twice while it grows: a slice doubling its
// array held up to three times it at the end of listing, beside git log.
type jobList struct {
	chunks [][]listedBlob
	n      int
}

const jobChunk = 4096

func (l *jobList) add(j listedBlob) {
	if l.n%jobChunk == 0 {
		l.chunks = append(l.chunks, make([]listedBlob, 0, jobChunk))
	}
	c := &l.chunks[len(l.chunks)-1]
	*c = append(*c, j)
	l.n++
}

func (l *jobList) at(i int) *listedBlob { return &l.chunks[i/jobChunk][i%jobChunk] }

// listedBlob is a blob listed for reading in pack order: all a blobJob
// of a listed blob holds, in under a third of its space (a batch holds
// a quarter of a million of them: 48 bytes each instead of 160).
type listedBlob struct {
	id     gitpack.ID
	path   string
	commit *Commit
}

func (l *listedBlob) job() blobJob {
	return blobJob{oid: l.id.String(), path: l.path, commit: l.commit}
}

// unit is the job's blob with its content.
func (j blobJob) unit(data []byte) Unit {
	u := Unit{Path: j.path, Data: data, Git: j.commit, Blob: j.oid, Lines: j.lines, Name: j.name}
	if j.headers {
		u.Blob = "" // a commit's, not a blob's
	}
	return u
}

// content is what is scanned of the object read for j: a commit's
// headers job keeps what git log does not show, in place.
func (j blobJob) content(data []byte) []byte {
	if j.headers {
		return commitExtras(data)
	}
	return data
}

// catFileThenScan starts git cat-file readers and the workers that scan
// what they read.
func (g *Git) catFileThenScan(ctx context.Context, workers int, rep Report, handle Handler, failed *firstFailure) ([]chan blobJob, func()) {
	// git's decompression is usually the slower half, but one cat-file
	// process per core would leave no core to scan with: use half.
	readers := max(1, workers/2)
	// Every version of a path goes to the same cat-file process: git
	// stores versions of a file as deltas of one another, and a process
	// that reads them in a row finds each delta's base in its cache.
	jobs := make([]chan blobJob, readers)
	blobs := make(chan blob, 2*workers)
	pool := &sync.Pool{}
	var readWG, scanWG sync.WaitGroup
	for r := range readers {
		jobs[r] = make(chan blobJob, 1024)
		readWG.Add(1)
		go func() {
			defer readWG.Done()
			if err := g.catFile(ctx, jobs[r], blobs, pool, rep, failed.fail); err != nil {
				failed.fail(err)
			}
		}()
	}
	// Scanning runs apart from reading so git never waits on a scan.
	for w := range workers {
		scanWG.Add(1)
		go func() {
			defer scanWG.Done()
			for b := range blobs {
				handle(w, b.job.unit(*b.data))
				pool.Put(b.data)
			}
		}()
	}
	return jobs, func() {
		readWG.Wait()
		close(blobs)
		scanWG.Wait()
	}
}

// firstFailure keeps the first error of a pipeline and stops the other
// parts. The first is the cause; the others only say that they were
// stopped ("context canceled", a killed git), which must not hide it.
type firstFailure struct {
	mu     sync.Mutex
	err    error
	cancel context.CancelFunc
}

func (f *firstFailure) fail(err error) {
	f.mu.Lock()
	if f.err == nil {
		f.err = err
	}
	f.mu.Unlock()
	f.cancel()
}

func (f *firstFailure) first() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// blob is one blob's content on its way from a reader to a scanner; data
// returns to the pool when the scan is done.
type blob struct {
	job  blobJob
	data *[]byte
}

// command runs git in the repository, seeing objects as stored: a
// replacement (`git replace`, refs/replace/) would show git log another
// commit in place of one that holds a secret. It never fetches: an object a
// partial clone lacks must be reported, not downloaded behind the user's
// back (GIT_NO_LAZY_FETCH, known to git 2.44 and to security releases
// back to 2.39.4; older ones honour protocol.allow=never in the fetch they
// would start). gitMemory bounds what git maps and caches.
func (g *Git) command(ctx context.Context, args ...string) *exec.Cmd {
	pre := append([]string{"-C", g.Repo, "--no-replace-objects"}, gitSettings...)
	pre = append(pre, gitMemory...)
	cmd := exec.CommandContext(ctx, "git", append(pre, args...)...)
	// A graft file (.git/info/grafts, deprecated but still read) can cut
	// commits out of the history git log walks, as replace refs can.
	env := os.Environ()
	if g.own {
		env = slices.DeleteFunc(slices.Clone(env), func(kv string) bool { return strings.HasPrefix(kv, "GIT_") })
	}
	cmd.Env = append(env, "GIT_NO_LAZY_FETCH=1", "GIT_GRAFT_FILE="+os.DevNull)
	return cmd
}

// gitSettings override the user's settings that would change what the
// scan reads: log.showRoot=false lists a root commit without its files (a
// key in the first commit went unread); another log output encoding
// breaks the NUL-separated format; core.fsmonitor names a command git
// diff runs (the scan needs no working tree and runs no command from a
// config); a signature check would run gpg.
var gitSettings = []string{"-c", "log.showSignature=false", "-c", "protocol.allow=never", "-c", "core.fsmonitor=false",
	"-c", "log.showRoot=true", "-c", "i18n.logOutputEncoding=UTF-8"}

// gitMemory bounds the memory of the git processes a history scan starts.
// By default git maps up to 8 GB of pack files and caches 96 MB of delta
// bases; listing git/git's history held 450 MB that way, for the same CPU
// time as with these bounds (8.7 s against 9.5 s user) and 160 MB.
var gitMemory = []string{"-c", "core.packedGitLimit=64m", "-c", "core.packedGitWindowSize=16m", "-c", "core.deltaBaseCacheLimit=32m"}

// logMemory bounds git log further: listing git/git's history with these
// held 123 MB against 160 MB with gitMemory's, for the same CPU time (7.1
// to 7.8 s user either way, two runs each), and git log runs beside the
// scan's own listing.
var logMemory = []string{"-c", "core.packedGitLimit=16m", "-c", "core.packedGitWindowSize=4m", "-c", "core.deltaBaseCacheLimit=8m"}

// check fails clearly when Repo is not a repository or git is missing.
func (g *Git) check(ctx context.Context) error {
	out, err := g.command(ctx, "rev-parse", "--git-dir").CombinedOutput()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		var ee *exec.Error
		if errors.As(err, &ee) {
			return fmt.Errorf("git is not installed or not on PATH: %w", err)
		}
		return fmt.Errorf("%s is not a git repository: %s", g.Repo, gitMessage(out))
	}
	return nil
}

// listBlobs runs git log over revs and sends every blob not seen before. A blob a
// partial clone lacks is a Problem, and the shallow boundary commits the
// history reaches are told to rep.
func (g *Git) listBlobs(ctx context.Context, jobs []chan blobJob, revs []string, rep Report, gaps *cloneGaps, listed *plannedBatches) error {
	out, err := g.listHistory(ctx, revs)
	if err != nil {
		return gaps.listingFailed(err)
	}
	var boundary []string
	names := pathNames{}
	parseErr := parseLog(out, logVisitor{
		excluded: func(path string) bool { return g.Exclude.Match(path, false) },
		profile:  g.Profile,
		commit: func(c *Commit) {
			if gaps.shallow[c.Hash] {
				boundary = append(boundary, c.Hash)
			}
		},
		blob: func(j blobJob) bool {
			if !j.headers && j.inline == nil && !names.route(j, func(n blobJob) bool { return sendJob(ctx, jobs, n) }) {
				return false
			}
			return g.route(ctx, jobs, rep, gaps, j, listed)
		},
		submodule: func(path string) {
			rep.Notice(Notice{Path: path, Reason: "a submodule: another repository, whose history this scan does not read (scan it on its own)"})
		},
	})
	if len(boundary) > 0 {
		rep.Shallow(boundary)
	}
	if err := out.wait(); ctx.Err() != nil {
		return ctx.Err()
	} else if err != nil {
		return gaps.listingFailed(err)
	}
	return parseErr
}

// route hands a listed blob on: a copy to rep, a blob a partial clone
// lacks as a Problem, a blob to read to listed when it is set, any other
// (and a commit message) to a reader.
func (g *Git) route(ctx context.Context, jobs []chan blobJob, rep Report, gaps *cloneGaps, j blobJob, listed *plannedBatches) bool {
	switch {
	case j.copyOf != "":
		rep.Copied(j.oid, j.copyOf, j.path, j.commit)
		return true
	case j.headers:
		// A commit: no delta tree of blobs holds it, and a partial
		// clone's filter leaves out blobs only.
		return sendJob(ctx, jobs, j)
	case j.inline == nil && gaps.missing(j.oid):
		rep.Problem(Problem{Path: j.path, Err: fmt.Errorf("blob %s%s is not in this partial clone: its filter left it out, and the scan fetches nothing from the promisor remote %q", j.oid, j.where(), gaps.promisor)})
		return true
	case j.inline == nil && listed != nil:
		return listed.add(ctx, j)
	}
	return sendJob(ctx, jobs, j)
}

// sendJob routes a blob to the reader that gets every version of its path.
func sendJob(ctx context.Context, jobs []chan blobJob, j blobJob) bool {
	h := fnv.New32a()
	h.Write([]byte(j.path))
	select {
	case jobs[h.Sum32()%uint32(len(jobs))] <- j:
		return true
	case <-ctx.Done():
		return false
	}
}

// logVisitor receives what parseLog reads. Excluded paths are passed
// over before anything else, so a blob first seen at an excluded path is
// still read where it is not excluded.
type logVisitor struct {
	excluded func(path string) bool
	// profile names how a path is scanned; nil: every path alike.
	profile func(path string) string
	commit  func(*Commit)
	// blob receives the first occurrence of each blob, and for each other
	// path it is added at later, a copy job, or another reading when no
	// path of that profile was read; it returns false to stop.
	blob func(blobJob) bool
	// submodule, when set, is told once of each path where the history
	// records a submodule's commit (a gitlink, mode 160000).
	submodule func(path string)
}

// parseLog reads `git log -z --raw` output with the format above.
func parseLog(r io.Reader, v logVisitor) error {
	toks := logTokens{br: bufio.NewReaderSize(r, 1<<16)}
	// seen holds the path each blob was first listed at; told the blob
	// and path pairs listed after it, so each is told once; readAt the
	// other paths a blob was read at, by profile. A blob added again at
	// the same path is not told: a secret is reported once per path, at
	// the commit that first put it there. These grow with the history,
	// so they hold ids as bytes and paths as numbers (see logIndex).
	seen := map[oidKey]int32{}
	told := map[toldKey]struct{}{}
	readAt := map[toldKey]int32{}
	var names logIndex
	submodules := map[string]struct{}{}
	emit := v.blob
	var commit *Commit
	seq := 0
	baseline := &Commit{Baseline: true}
	// identities holds each author and committer pair scanned: a
	// history has few, each scanned at the first commit that has it.
	identities := map[string]struct{}{}
	people := interned{}
	var line []byte
	for {
		tok, err := toks.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch {
		case len(tok) > 0 && tok[0] == '\x01':
			hash := string(tok[1:])
			// Author, e-mail, date, committer. A history has few people:
			// their names are shared by every commit that holds them, as
			// a long history's commits stay listed until their blobs are
			// read.
			var fields [4]string
			var secs int64
			for i := range fields {
				f, err := toks.next()
				if err != nil {
					return fmt.Errorf("truncated git log output")
				}
				if i == 2 {
					secs, _ = strconv.ParseInt(string(f), 10, 64)
					continue
				}
				fields[i] = people.intern(f)
			}
			msg, err := toks.next()
			if err != nil {
				return fmt.Errorf("truncated git log output")
			}
			seq++
			commit = &Commit{Hash: hash, Author: fields[0], Email: fields[1], Date: time.Unix(secs, 0).UTC(), Seq: seq}
			if v.commit != nil {
				v.commit(commit)
			}
			// Commit messages leak too ("rotated the key: AKIA..."); each is
			// scanned as a unit of its own, in history order. So do
			// identities (a token set as user.name, credentials in an
			// e-mail), which push sends as well.
			if len(bytes.TrimSpace(msg)) != 0 && !v.skip(CommitMessagePath) {
				if !emit(blobJob{path: CommitMessagePath, commit: commit, inline: bytes.Clone(msg)}) {
					return nil
				}
			}
			if !v.skip(CommitHeadersPath) {
				if !emit(blobJob{oid: hash, path: CommitHeadersPath, commit: commit, headers: true}) {
					return nil
				}
			}
			identity := "author " + fields[0] + " <" + fields[1] + ">\ncommitter " + fields[3] + "\n"
			if _, ok := identities[identity]; !ok && !v.skip(CommitIdentityPath) {
				identities[identity] = struct{}{}
				if !emit(blobJob{path: CommitIdentityPath, commit: commit, inline: []byte(identity)}) {
					return nil
				}
			}
		case len(tok) > 0 && tok[0] == ':':
			// :oldmode newmode oldoid newoid status, kept apart from the
			// reader's buffer, which reading the path reuses.
			line = append(line[:0], tok...)
			f, ok := rawFields(line[1:])
			if !ok || commit == nil {
				return fmt.Errorf("unexpected git log line %q", line)
			}
			oldMode, mode, oldOID, oid, status := f[0], f[1], f[2], f[3], f[4]
			raw, err := toks.next()
			if err != nil {
				return fmt.Errorf("truncated git log output")
			}
			pathID, path, skip := names.path(raw, v)
			submodule, deleted := string(mode) == "160000", string(status) == "D"
			if submodule && !deleted && v.submodule != nil && !skip {
				if _, told := submodules[path]; !told {
					submodules[path] = struct{}{}
					v.submodule(path)
				}
			}
			if deleted || zeroOID(oid) || submodule || skip {
				continue
			}
			key, ok := parseOID(oid)
			if !ok {
				return fmt.Errorf("unexpected git log line %q", line)
			}
			// A modified file whose previous version was never listed comes
			// from before the selected commits (--since, --range): read that
			// version too, as a baseline, so secrets it already held are
			// not reported as introduced here.
			if !zeroOID(oldOID) && string(oldMode) != "160000" {
				oldKey, ok := parseOID(oldOID)
				if !ok {
					return fmt.Errorf("unexpected git log line %q", line)
				}
				if _, ok := seen[oldKey]; !ok {
					seen[oldKey] = pathID
					if !emit(blobJob{oid: string(oldOID), path: path, commit: baseline}) {
						return nil
					}
				}
			}
			if first, ok := seen[key]; ok {
				// Copied, renamed or re-added elsewhere: the same bytes,
				// so the same findings at one more path, when the path
				// is scanned alike.
				if _, done := told[toldKey{key, pathID}]; first == pathID || done {
					continue
				}
				told[toldKey{key, pathID}] = struct{}{}
				j := blobJob{oid: string(oid), path: path, commit: commit}
				profile := names.profileOf(pathID)
				if from, ok := readAt[toldKey{key, profile}]; ok {
					j.copyOf = names.paths.names[from]
				} else if profile == names.profileOf(first) {
					j.copyOf = names.paths.names[first]
				} else {
					readAt[toldKey{key, profile}] = pathID
				}
				if !emit(j) {
					return nil
				}
				continue
			}
			seen[key] = pathID
			if !emit(blobJob{oid: string(oid), path: path, commit: commit}) {
				return nil
			}
		case len(tok) == 0:
		default:
			return fmt.Errorf("unexpected git log output %q", tok)
		}
	}
}

// interned holds one copy of each string it was given.
type interned map[string]string

func (m interned) intern(b []byte) string {
	if s, ok := m[string(b)]; ok {
		return s
	}
	s := string(b)
	m[s] = s
	return s
}

// logTokens splits git log -z output at its NULs.
type logTokens struct {
	br   *bufio.Reader
	long []byte
}

// next returns the next token without its NUL and the line breaks git
// puts before it. It is valid until the next call.
func (t *logTokens) next() ([]byte, error) {
	tok, err := t.br.ReadSlice(0)
	if err == bufio.ErrBufferFull {
		t.long = append(t.long[:0], tok...)
		for err == bufio.ErrBufferFull {
			tok, err = t.br.ReadSlice(0)
			t.long = append(t.long, tok...)
		}
		tok = t.long
	}
	switch {
	case err == io.EOF && len(tok) == 0:
		return nil, io.EOF
	case err == io.EOF:
		return bytes.TrimLeft(tok, "\n"), nil
	case err != nil:
		return nil, err
	}
	return bytes.TrimLeft(tok[:len(tok)-1], "\n"), nil
}

// rawFields splits a --raw line's "oldmode newmode oldoid newoid status"
// at its single spaces.
func rawFields(line []byte) (f [5][]byte, ok bool) {
	for i := range 4 {
		sp := bytes.IndexByte(line, ' ')
		if sp <= 0 {
			return f, false
		}
		f[i], line = line[:sp], line[sp+1:]
	}
	f[4] = line
	return f, len(line) > 0 && bytes.IndexByte(line, ' ') < 0
}

// zeroOID tells whether a listed id is all zeros: no blob (an added
// file's old side, a deleted file's new one).
func zeroOID(id []byte) bool {
	for _, c := range id {
		if c != '0' {
			return false
		}
	}
	return true
}

// wholeHistory selects what a scan without Revs reads: every ref (any
// namespace: branches, tags, notes, remote-tracking refs, pull requests'
// heads, refs/original) and every commit a reflog names. refs/stash names
// only the latest stash, the others are entries of its reflog; a commit
// amended or reset away stays in the repository as long as its reflog
// entry does. Dangling objects no ref or reflog names are not read.
var wholeHistory = []string{"--all", "--reflog"}

// oidKey is an object id as bytes, the key of parseLog's maps: 32 bytes
// hold SHA-1 and SHA-256 ids alike, where the hex string took 56 or 80
// bytes and a pointer, for every blob of the history.
type oidKey [32]byte

// parseOID reads a 40- or 64-digit hex id.
func parseOID[T string | []byte](id T) (oidKey, bool) {
	var k oidKey
	if len(id) != 40 && len(id) != 64 {
		return k, false
	}
	for i := 0; i < len(id); i += 2 {
		hi, ok1 := hexDigit(id[i])
		lo, ok2 := hexDigit(id[i+1])
		if !ok1 || !ok2 {
			return k, false
		}
		k[i/2] = hi<<4 | lo
	}
	return k, true
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// toldKey is a blob at a path, or with a profile (both numbered by
// logIndex).
type toldKey struct {
	oid oidKey
	id  int32
}

// logIndex numbers the paths and profiles parseLog meets, so that its maps
// key on numbers, and keeps what the visitor said of each path: whether it
// is excluded and the number of its profile, asked once per path.
type logIndex struct {
	paths, profiles numbering
	excluded        []bool
	profile         []int32
}

// path returns the number of the path raw names, its shared copy, and
// whether it is excluded.
func (x *logIndex) path(raw []byte, v logVisitor) (int32, string, bool) {
	if id, ok := x.paths.ids[string(raw)]; ok {
		return id, x.paths.names[id], x.excluded[id]
	}
	path := string(raw)
	id := x.paths.number(path)
	x.excluded = append(x.excluded, v.skip(path))
	x.profile = append(x.profile, x.profiles.number(v.profileOf(path)))
	return id, path, x.excluded[id]
}

// profileOf returns the number of a numbered path's profile.
func (x *logIndex) profileOf(path int32) int32 { return x.profile[path] }

// numbering gives each distinct string a number, in order of arrival.
type numbering struct {
	ids   map[string]int32
	names []string
}

func (n *numbering) number(s string) int32 {
	if n.ids == nil {
		n.ids = map[string]int32{}
	}
	id, ok := n.ids[s]
	if !ok {
		id = int32(len(n.names))
		n.ids[s] = id
		n.names = append(n.names, s)
	}
	return id
}

func (v logVisitor) skip(path string) bool {
	return v.excluded != nil && v.excluded(path)
}

func (v logVisitor) profileOf(path string) string {
	if v.profile == nil {
		return ""
	}
	return v.profile(path)
}

// catFile streams blobs through one `git cat-file --batch` process. Requests
// are written ahead of the reads so git never waits on the scanner.
func (g *Git) catFile(ctx context.Context, jobs <-chan blobJob, out chan<- blob, pool *sync.Pool, rep Report, fail func(error)) error {
	cmd := g.command(ctx, "cat-file", "--batch")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting git cat-file: %w", err)
	}
	pending := make(chan blobJob, 4096)
	writeErr := make(chan error, 1)
	go func() {
		bw := bufio.NewWriter(stdin)
		var err error
		for {
			var j blobJob
			var ok bool
			select {
			case j, ok = <-jobs:
			default:
				// Nothing queued: let git see every request written so
				// far before waiting, or the reader could wait on it.
				if err = bw.Flush(); err != nil {
					break
				}
				j, ok = <-jobs
			}
			if !ok || err != nil {
				break
			}
			if j.inline == nil {
				if _, err = bw.WriteString(j.oid + "\n"); err != nil {
					break
				}
			}
			pending <- j
		}
		if err == nil {
			err = bw.Flush()
		}
		close(pending)
		stdin.Close()
		writeErr <- err
	}()

	br := bufio.NewReaderSize(stdout, 1<<20)
	var readErr error
	for j := range pending {
		bp, _ := pool.Get().(*[]byte)
		if bp == nil {
			bp = new([]byte)
		}
		var data []byte
		if j.inline != nil {
			data = append((*bp)[:0], j.inline...)
			rep.Read(int64(len(data)))
		} else if data, readErr = g.readBlob(br, j, *bp, rep); readErr != nil {
			break
		}
		if data == nil {
			pool.Put(bp)
			continue
		}
		// content works in place: *bp keeps the buffer's array.
		data = j.content(data)
		*bp = data
		if len(data) == 0 {
			pool.Put(bp)
			continue
		}
		select {
		case out <- blob{job: j, data: bp}:
		case <-ctx.Done():
			readErr = ctx.Err()
		}
		if readErr != nil {
			break
		}
	}
	waited := false
	var waitErr error
	if readErr != nil {
		if errors.Is(readErr, io.EOF) || errors.Is(readErr, io.ErrUnexpectedEOF) {
			// git stopped answering because it exited, and its stderr says
			// why ("packed object ... is corrupt"): that is the error.
			waitErr, waited = cmd.Wait(), true
			if waitErr != nil && ctx.Err() == nil {
				readErr = fmt.Errorf("git cat-file failed: %s", gitMessage(stderr.Bytes()))
			}
		}
		// Stop the listing and the other readers now, not after the
		// whole history was listed.
		fail(readErr)
	}
	for range pending {
		// Drain so the writer can finish after a read error.
	}
	_, _ = io.Copy(io.Discard, stdout)
	werr := <-writeErr
	if !waited {
		waitErr = cmd.Wait()
	}
	if readErr != nil {
		return readErr
	}
	if waitErr != nil && ctx.Err() == nil {
		return fmt.Errorf("git cat-file failed: %s", gitMessage(stderr.Bytes()))
	}
	if werr != nil && ctx.Err() == nil {
		return fmt.Errorf("writing to git cat-file: %w", werr)
	}
	return nil
}

// readBlob reads one cat-file answer into buf. It returns a nil buffer (and
// no error) for a blob that is skipped or missing, after telling rep.
func (g *Git) readBlob(br *bufio.Reader, j blobJob, buf []byte, rep Report) ([]byte, error) {
	header, err := br.ReadString('\n')
	if err != nil {
		return buf, fmt.Errorf("reading git cat-file output: %w", err)
	}
	f := strings.Fields(header)
	if len(f) == 2 && f[1] == "missing" {
		rep.Problem(Problem{Path: j.path, Err: fmt.Errorf("object %s%s is missing from the repository", j.oid, j.where())})
		return nil, nil
	}
	if len(f) != 3 {
		return buf, fmt.Errorf("unexpected git cat-file header %q", strings.TrimSpace(header))
	}
	size, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil {
		return buf, fmt.Errorf("unexpected git cat-file header %q", strings.TrimSpace(header))
	}
	if g.MaxFileSize > 0 && size > g.MaxFileSize {
		head, _ := br.Peek(int(min(size, sniffLen)))
		rep.Notice(oversized(j.path+j.where(), head, g.MaxFileSize))
		if _, err := br.Discard(int(size) + 1); err != nil {
			return buf, err
		}
		return nil, nil
	}
	if int64(cap(buf)) < size+1 {
		buf = make([]byte, size+1)
	}
	buf = buf[:size+1]
	if _, err := io.ReadFull(br, buf); err != nil {
		return buf, fmt.Errorf("reading blob %s: %w", j.oid, err)
	}
	rep.Read(size)
	return buf[:size], nil
}

// where names the commit a blob came from, for messages.
func (j blobJob) where() string {
	if j.commit == nil || j.commit.Hash == "" {
		return ""
	}
	return " (commit " + short(j.commit.Hash) + ")"
}

func short(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}

// gitMessage is what git said on stderr, on one line: every line counts
// ("error: inflate: data stream error" is followed by "fatal: packed object
// ... is corrupt"). It is bounded, as git may print a lot before dying.
func gitMessage(stderr []byte) string {
	const limit = 2000
	var lines []string
	for _, l := range strings.Split(string(stderr), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	s := strings.Join(lines, "; ")
	if s == "" {
		return "no message from git"
	}
	if len(s) > limit {
		s = strings.ToValidUTF8(s[:limit], "") + "..."
	}
	return s
}
