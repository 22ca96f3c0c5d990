package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/leakhound/leakhound/internal/config"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/gitrange"
	"github.com/leakhound/leakhound/internal/pathmatch"
	"github.com/leakhound/leakhound/internal/pipeline"
	"github.com/leakhound/leakhound/internal/report"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/scan"
	"github.com/leakhound/leakhound/internal/source"
	"github.com/leakhound/leakhound/internal/suppress"
	"github.com/leakhound/leakhound/internal/termsafe"
	"github.com/leakhound/leakhound/internal/validate"
)

// scanFlags are shared by every scan subcommand.
type scanFlags struct {
	format string
	output string
	// alsoWrite holds FORMAT=FILE pairs: more reports of the same scan.
	alsoWrite   []string
	configPath  string
	baseline    string
	showSecrets bool
	exitZero    bool
	maxFileSize string
	memoryLimit string
	workers     int
	noProgress  bool
	validate    bool
	onlyValid   bool
	minConf     string
	// failOnShallow makes a history scan cut short by a shallow clone an
	// error; commands that read history register it.
	failOnShallow bool
	// objectReader and verbose say how a history is read, and whether to
	// tell; commands that read history register them.
	objectReader string
	verbose      bool
	report       reportFlags
	// trustConfigChanges makes a range scan read the config and review
	// files as the change leaves them, not as they are at its base.
	trustConfigChanges bool
	// fromBase, set for a range scan, is where its root files are read.
	fromBase *baseFiles
	// onTimeout, when set, decides what a scan that ran out of its time
	// budget (the context's deadline) returns; pre-receive sets it.
	onTimeout func() error
	// rangeGap, set for scans of a change (a range, a push, a CI run),
	// describes a shallow boundary inside the change: commits before it
	// are part of the change and not in the clone.
	rangeGap bool
}

func (f *scanFlags) register(cmd *cobra.Command) {
	pf := cmd.PersistentFlags()
	pf.StringVarP(&f.format, "format", "f", "text", "report format: "+strings.Join(report.Formats, ", "))
	pf.StringVarP(&f.output, "output", "o", "", "write the report to this file instead of standard output")
	pf.StringArrayVar(&f.alsoWrite, "also-write", nil, "also write the report in another format to a file, as FORMAT=FILE (repeatable), e.g. sarif=leakhound.sarif")
	pf.StringVar(&f.configPath, "config", "", "config file (default: .leakhound.toml at the scanned root)")
	pf.StringVar(&f.baseline, "baseline", "", "JSON report of an earlier scan whose findings are not reported again")
	pf.BoolVar(&f.showSecrets, "show-secrets", false, "print secrets in full in the report (they are redacted by default)")
	pf.BoolVar(&f.exitZero, "exit-zero", false, "exit 0 even when secrets are found (errors still exit 2)")
	pf.StringVar(&f.maxFileSize, "max-file-size", "", "skip (and report) files larger than this, e.g. 50MB; 0 for no limit (default 50MB)")
	pf.StringVar(&f.memoryLimit, "memory-limit", "", "a soft bound on leakhound's own memory, e.g. 512MiB, raised when the scan's working set needs more; 0 for none (default 200MiB, or GOMEMLIMIT when set)")
	pf.IntVar(&f.workers, "workers", runtime.NumCPU(), "number of parallel workers")
	pf.BoolVar(&f.noProgress, "no-progress", false, "do not show the progress line on a terminal")
	pf.BoolVar(&f.validate, "validate", false, "ask each provider's API whether the secrets found are still live (sends them to their own provider only)")
	pf.BoolVar(&f.onlyValid, "only-valid", false, "report only secrets the provider confirms as live (implies --validate)")
	pf.StringVar(&f.minConf, "min-confidence", finding.DefaultMinConfidence, "report findings of at least this confidence: high, medium or low")
	f.report.register(pf)
}

// registerHistory adds the flags of commands that scan git history.
func (f *scanFlags) registerHistory(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&f.failOnShallow, "fail-on-shallow", false, "exit 2 when the history scanned is cut short by a shallow clone (it is always reported)")
	f.registerReader(cmd)
}

// registerRange adds the flags of commands that scan a change (a range).
func (f *scanFlags) registerRange(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&f.trustConfigChanges, "trust-config-changes", false,
		"read .leakhound.toml, .gitleaks.toml, the ignore files and .secrets.baseline as the change leaves them (default: as they are at the commit the change starts from, so a change cannot switch off its own check)")
}

// registerReader adds the flags of commands that read git objects.
func (f *scanFlags) registerReader(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.objectReader, "object-reader", source.ReaderAuto, "how file versions are read: auto (in-process from the packs when their layout allows, else git cat-file; the default) or git (always git cat-file)")
	cmd.Flags().BoolVarP(&f.verbose, "verbose", "v", false, "say on stderr how the history is read")
}

func newScanCmd(io *IO) *cobra.Command {
	flags := &scanFlags{}
	cmd := &cobra.Command{
		Use:   "scan",
		Short: "Scan files, git history or standard input for secrets",
	}
	flags.register(cmd)
	cmd.AddCommand(newScanDirCmd(io, flags), newScanGitCmd(io, flags), newScanStdinCmd(io, flags), newScanImageCmd(io, flags))
	cmd.AddCommand(newScanStagedCmd(io, flags), newScanPrePushCmd(io, flags), newScanPreReceiveCmd(io, flags), newScanCICmd(io, flags))
	return cmd
}

func newScanDirCmd(io *IO, flags *scanFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "dir PATH...",
		Short: "Scan files and folders (archives and notebooks included)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := args[0]
			if info, err := os.Stat(root); err == nil && !info.IsDir() {
				root = filepath.Dir(root)
			}
			return runScan(cmd.Context(), io, flags, root, func(env *scanEnv) scan.Source {
				return &source.Dir{Paths: args, Exclude: env.exclude, MaxFileSize: env.maxFileSize, Workers: env.workers}
			})
		},
	}
}

func newScanStdinCmd(io *IO, flags *scanFlags) *cobra.Command {
	var name string
	cmd := &cobra.Command{
		Use:   "stdin",
		Short: "Scan standard input",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScan(cmd.Context(), io, flags, ".", func(env *scanEnv) scan.Source {
				return &source.Reader{Name: name, R: io.In, MaxFileSize: env.maxFileSize}
			})
		},
	}
	cmd.Flags().StringVar(&name, "name", "stdin", "path to report for the scanned stream")
	return cmd
}

func newScanGitCmd(io *IO, flags *scanFlags) *cobra.Command {
	var branch, since, rangeSpec string
	var unreachable bool
	cmd := &cobra.Command{
		Use:   "git [REPO]",
		Short: "Scan the whole history of a git repository (every ref, every blob once)",
		Long: `Scan the history of a git repository, bare or not. By default every commit
reachable from any ref (branches, tags, remotes, notes, stashes) or named by a
reflog (a commit amended or reset away) is covered; each
unique file version is read once and attributed to the first commit that
introduced it. --unreachable also reads what nothing reaches, which git keeps
until it prunes it: a dropped stash, a commit whose reflog entry expired, a
file added then reset.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			repo := "."
			if len(args) == 1 {
				repo = args[0]
			}
			revs, err := gitRevs(branch, since, rangeSpec)
			if err != nil {
				return exitWith(ExitError, err)
			}
			if unreachable && len(revs) > 0 {
				return exitWith(ExitError, errors.New("--unreachable reads the whole repository: it does not go with --branch, --since or --range"))
			}
			flags.report.kind, flags.report.commitRange = "git", describeRevs(branch, since, rangeSpec)
			flags.rangeGap = rangeSpec != "" || since != ""
			if rangeSpec != "" {
				g := gitrange.Repo{Dir: repo}
				base, tip, err := g.RangeEnds(cmdContext(cmd), rangeSpec)
				if err != nil {
					return exitWith(ExitError, err)
				}
				if flags.fromBase, err = readBaseFiles(cmdContext(cmd), io.Err, repo, base, []string{tip}, flags.trustConfigChanges); err != nil {
					return exitWith(ExitError, err)
				}
				defer flags.fromBase.close()
			}
			return runScan(cmd.Context(), io, flags, repo, func(env *scanEnv) scan.Source {
				g := env.history(repo, revs)
				g.Unreachable = unreachable
				return g
			})
		},
	}
	flags.registerHistory(cmd)
	flags.registerRange(cmd)
	cmd.Flags().BoolVar(&unreachable, "unreachable", false, "also read the commits, files and trees no ref or reflog reaches, which git keeps until it prunes them (runs git fsck)")
	cmd.Flags().StringVar(&branch, "branch", "", "scan only commits reachable from this ref")
	cmd.Flags().StringVar(&since, "since", "", "scan only commits after this revision")
	cmd.Flags().StringVar(&rangeSpec, "range", "", "scan only the commits of this range, e.g. main..feature")
	return cmd
}

// gitRevs turns the selection flags into git log arguments. Revisions are
// placed after --end-of-options so a value can never act as a git option.
func gitRevs(branch, since, rangeSpec string) ([]string, error) {
	for _, v := range []string{branch, since, rangeSpec} {
		if strings.HasPrefix(v, "-") {
			return nil, fmt.Errorf("revision %q must not start with '-'", v)
		}
	}
	if rangeSpec != "" {
		if branch != "" || since != "" {
			return nil, errors.New("--range cannot be combined with --branch or --since")
		}
		if !strings.Contains(rangeSpec, "..") {
			return nil, fmt.Errorf("--range %q is not a range such as A..B", rangeSpec)
		}
		return []string{"--end-of-options", rangeSpec}, nil
	}
	var revs []string
	if branch == "" {
		revs = append(revs, "--all")
	}
	revs = append(revs, "--end-of-options")
	if branch != "" {
		revs = append(revs, branch)
	}
	if since != "" {
		revs = append(revs, "^"+since)
	}
	if len(revs) == 2 && revs[0] == "--all" {
		return nil, nil
	}
	return revs, nil
}

// describeRevs says which commits a scan git covered, for reports.
func describeRevs(branch, since, rangeSpec string) string {
	switch {
	case rangeSpec != "":
		return rangeSpec
	case branch != "" && since != "":
		return since + ".." + branch
	case branch != "":
		return branch
	case since != "":
		return since + "..(every ref)"
	}
	return ""
}

// scanEnv is what the config and flags resolve to before a source is built.
type scanEnv struct {
	exclude     *pathmatch.Matcher
	maxFileSize int64
	workers     int
	// pathProfile is the engine's: how each path is scanned.
	pathProfile  func(path string) string
	objectReader string
	// verbose is told what --verbose shows; nil without it.
	verbose func(string)
	// lfsElsewhere: Git LFS content missing here is expected (CI
	// checkouts, servers), named without making the scan incomplete.
	lfsElsewhere bool
}

// history is the source of a history scan of revs in repo.
func (env *scanEnv) history(repo string, revs []string) *source.Git {
	return &source.Git{Repo: repo, Revs: revs, Exclude: env.exclude, MaxFileSize: env.maxFileSize, Workers: env.workers,
		Profile: env.pathProfile, ObjectReader: env.objectReader, Verbose: env.verbose, LFSElsewhere: env.lfsElsewhere}
}

// runScan is the pipeline every scan command shares: config, rules, source,
// suppression, report, exit status.
// preparePipeline loads the catalogue and builds the scan's pipeline,
// keeping what the engine derives in the cache directory. withChecks
// loads the rules' validity checks too.
func preparePipeline(ctx context.Context, io *IO, setup pipeline.Setup, withChecks bool) (*pipeline.Pipeline, error) {
	var err error
	load := loadScanCatalogue
	if withChecks {
		load = loadCatalogue
	}
	if setup.Catalogue, err = load(io); err != nil {
		return nil, err
	}
	setup.CacheDir, _ = cacheDir(io)
	return pipeline.New(ctx, setup)
}

func runScan(ctx context.Context, io *IO, flags *scanFlags, root string, newSource func(*scanEnv) scan.Source) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	if !report.ValidFormat(flags.format) {
		return exitWith(ExitError, fmt.Errorf("unknown --format %q (want %s)", flags.format, strings.Join(report.Formats, ", ")))
	}
	if flags.workers < 1 {
		return exitWith(ExitError, fmt.Errorf("--workers must be at least 1"))
	}
	if err := flags.report.check(io); err != nil {
		return exitWith(ExitError, err)
	}
	setup := pipeline.Setup{ConfigPath: flags.configPath, Root: root, Baseline: flags.baseline, Warn: io.Err}
	if flags.fromBase != nil && flags.fromBase.dir != "" {
		setup.Root, setup.Repo = flags.fromBase.dir, root
	}
	if flags.maxFileSize != "" {
		n, err := config.ParseSize(flags.maxFileSize)
		if err != nil {
			return exitWith(ExitError, fmt.Errorf("--max-file-size: %w", err))
		}
		// 0 on the command line means no limit.
		if setup.MaxFileSize = n; n == 0 {
			setup.MaxFileSize = -1
		}
	}
	if !finding.ValidConfidence(flags.minConf) {
		return exitWith(ExitError, fmt.Errorf("--min-confidence %q: want high, medium or low", flags.minConf))
	}
	bound, err := flags.memoryBound()
	if err != nil {
		return exitWith(ExitError, err)
	}
	scanGC := 100
	switch flags.report.kind {
	case "git", "ci", "pre-push", "pre-receive":
		scanGC = historyGCPercent
	}
	startup := quietStartup()
	// Checking validity, and a report to a server (which pairs two-part
	// credentials by their check), read the rules' checks.
	withChecks := flags.validate || flags.onlyValid || flags.report.url != ""
	pipe, err := preparePipeline(ctx, io, setup, withChecks)
	startup.scanWith(scanGC, flags.report.kind == "staged", bound)
	defer startup.finish()
	if err != nil {
		if flags.outOfTime(ctx, err) {
			return flags.onTimeout()
		}
		return exitWith(ExitError, flags.fromBase.rename(err))
	}
	cfg, rules := pipe.Config, pipe.Rules
	env := &scanEnv{workers: flags.workers, maxFileSize: pipe.MaxFileSize, exclude: pipe.Exclude, pathProfile: pipe.Engine.PathProfile,
		objectReader: flags.objectReader, lfsElsewhere: flags.report.kind == "ci" || flags.report.kind == "pre-receive"}
	if flags.verbose {
		env.verbose = func(msg string) { fmt.Fprintf(io.Err, "leakhound: %s\n", termsafe.String(msg)) }
	}
	var checker *validate.Checker
	if flags.validate || flags.onlyValid {
		if checker, err = newChecker(cfg, rules); err != nil {
			return exitWith(ExitError, err)
		}
	}
	// Open the outputs before scanning so a bad path fails fast.
	extra, err := openExtraReports(flags.alsoWrite)
	if err != nil {
		return exitWith(ExitError, err)
	}
	defer extra.close()
	out, closeOut, err := openOutput(io, flags.output)
	if err != nil {
		return exitWith(ExitError, err)
	}

	runOpts := pipeline.RunOptions{Workers: env.workers, ShowSecrets: flags.showSecrets, MinConfidence: flags.minConf}
	if io.ErrIsTTY && !flags.noProgress {
		runOpts.Progress = io.Err
	}
	outcome, scanErr := pipe.Run(ctx, newSource(env), runOpts)
	res, findings, suppressed, belowConfidence := outcome.Result, outcome.Reported, outcome.Suppressed, outcome.BelowConfidence
	if whole := flags.report.kind == "" || flags.report.kind == "git" && flags.report.commitRange == ""; whole && scanErr == nil {
		reportUnresolved(io.Err, outcome.Unresolved)
	}
	if n := outcome.RealSuppressed; n > 0 {
		fmt.Fprintf(io.Err, "leakhound: note: %d suppressed %s the detect-secrets baseline marks as real (is_secret: true): known, and still to be rotated\n",
			n, pluralize(n, "place holds a secret", "places hold secrets"))
	}
	byID := map[string]*rule.Rule{}
	for _, r := range rules {
		byID[r.ID] = r
	}
	if checker != nil || flags.report.url != "" {
		attachPairs(findings, byID)
	}
	if checker != nil {
		validateFindings(ctx, checker, byID, findings)
		if flags.onlyValid {
			kept := findings[:0]
			for _, f := range findings {
				if f.Validity == "valid" {
					kept = append(kept, f)
				}
			}
			findings = kept
		}
	}
	findings = withoutIdentifiers(byID, findings)

	rep := &report.Report{
		Tool: "leakhound", Version: version(), Findings: findings, Rules: byID,
		Color:           flags.output == "" && io.OutIsTTY && io.Getenv("NO_COLOR") == "",
		Incomplete:      scanErr != nil || res.Incomplete() || flags.rangeGap && len(res.Shallow) > 0,
		NotScanned:      outcome.NotScanned(),
		BelowConfidence: belowConfidence, MinConfidence: flags.minConf,
		Shallow: res.Shallow,
	}
	if flags.fromBase != nil {
		rep.ConfigSource = &flags.fromBase.source
	}
	var writeErr error
	// A scan that failed and found nothing has no report: "no secrets
	// found" would read as clean.
	if scanErr == nil || len(findings) > 0 {
		writeErr = report.Write(out, flags.format, rep)
		if err := extra.write(rep); writeErr == nil {
			writeErr = err
		}
	}
	if cerr := closeOut(); writeErr == nil {
		writeErr = cerr
	}
	if cerr := extra.close(); writeErr == nil {
		writeErr = cerr
	}
	printDiagnostics(io.Err, res, findings, suppressed, belowConfidence, flags.format)
	complete := scanErr == nil && !res.Incomplete() && len(res.Shallow) == 0
	if err := sendReport(ctx, io, &flags.report, root, findings, complete); err != nil {
		return exitWith(ExitError, errors.Join(err, scanErr))
	}
	if scanErr == nil {
		// Remember what was found for `leakhound ignore --last-found`; a
		// read-only cache only costs that convenience.
		if dir, err := cacheDir(io); err == nil {
			if err := suppress.SaveLastScan(dir, root, findings, time.Now()); err != nil {
				fmt.Fprintf(io.Err, "leakhound: could not record this scan for `leakhound ignore --last-found`: %v\n", err)
			}
		}
	}

	switch {
	case scanErr != nil && flags.outOfTime(ctx, scanErr):
		if len(findings) > 0 {
			return exitWith(ExitFindings, errors.New("secrets found before the time budget ran out (the rest was not scanned)"))
		}
		return flags.onTimeout()
	case scanErr != nil:
		return exitWith(ExitError, fmt.Errorf("scan failed: %w", scanErr))
	case writeErr != nil:
		return exitWith(ExitError, fmt.Errorf("writing report: %w", writeErr))
	case res.Incomplete():
		return exitWith(ExitError, incompleteError(res))
	case len(res.Shallow) > 0 && flags.rangeGap:
		return exitWith(ExitError, fmt.Errorf("the commits scanned reach the shallow clone's boundary at %s, so the change's older commits are not in the clone and were not scanned; fetch them (git fetch --unshallow, or fetch-depth: 0 in CI)", shortSHA(res.Shallow[0])))
	case len(res.Shallow) > 0 && flags.failOnShallow:
		return exitWith(ExitError, errors.New("the repository is a shallow clone, so its history was not scanned whole (--fail-on-shallow)"))
	case len(findings) > 0 && !flags.exitZero:
		return exitWith(ExitFindings, nil)
	}
	return nil
}

// extraReports are the files --also-write names, each with its format.
type extraReports []extraReport

type extraReport struct {
	format string
	f      *os.File
}

// openExtraReports parses and opens each FORMAT=FILE of --also-write;
// on an error, the files opened so far are closed.
func openExtraReports(specs []string) (out extraReports, err error) {
	defer func() {
		if err != nil {
			out.close()
			out = nil
		}
	}()
	for _, spec := range specs {
		format, path, ok := strings.Cut(spec, "=")
		switch {
		case !ok || path == "":
			return out, fmt.Errorf("--also-write %q: want FORMAT=FILE, e.g. sarif=leakhound.sarif", spec)
		case !report.ValidFormat(format):
			return out, fmt.Errorf("--also-write %q: unknown format %q (want %s)", spec, format, strings.Join(report.Formats, ", "))
		case path == "-":
			return out, fmt.Errorf("--also-write %q: standard output is for the main report (--format)", spec)
		}
		f, openErr := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
		if openErr != nil {
			return out, fmt.Errorf("opening --also-write file: %w", openErr)
		}
		out = append(out, extraReport{format, f})
	}
	return out, nil
}

// write writes rep to every file, without terminal colours.
func (x extraReports) write(rep *report.Report) error {
	plain := *rep
	plain.Color = false
	for _, r := range x {
		if err := report.Write(r.f, r.format, &plain); err != nil {
			return fmt.Errorf("--also-write %s: %w", r.f.Name(), err)
		}
	}
	return nil
}

// close closes every file once; the first error is returned.
func (x extraReports) close() error {
	var first error
	for i := range x {
		if x[i].f == nil {
			continue
		}
		if err := x[i].f.Close(); err != nil && first == nil {
			first = err
		}
		x[i].f = nil
	}
	return first
}

func openOutput(io *IO, path string) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return io.Out, func() error { return nil }, nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("opening --output: %w", err)
	}
	return f, f.Close, nil
}

// incompleteError is the exit message of a scan that did not cover its
// whole target: how much was missed and how to change what is skipped.
func incompleteError(res *scan.Result) error {
	var parts []string
	if n := len(res.Problems); n > 0 {
		parts = append(parts, fmt.Sprintf("%d %s could not be read", n, pluralize(n, "item", "items")))
	}
	if n := len(res.Unscanned()); n > 0 {
		parts = append(parts, fmt.Sprintf("%d %s not scanned", n, pluralize(n, "item was", "items were")))
	}
	return fmt.Errorf("the scan is incomplete: %s (named above); to accept a gap, exclude the path with [scan] exclude in .leakhound.toml or raise --max-file-size", strings.Join(parts, ", "))
}

// printDiagnostics tells, on stderr, what could not be read, what was
// skipped and a one-line summary; stdout carries only the report.
func printDiagnostics(w io.Writer, res *scan.Result, findings []finding.Finding, suppressed, belowConfidence int, format string) {
	for _, p := range res.Problems {
		fmt.Fprintf(w, "leakhound: error: %s\n", termsafe.String(p.Error()))
	}
	if note := report.ShallowNote(res.Shallow); note != "" {
		fmt.Fprintf(w, "leakhound: warning: %s\n", note)
	}
	binary := 0
	for _, n := range res.Notices {
		if n.Reason == source.ReasonBinary {
			binary++
			continue
		}
		if n.Scanned {
			fmt.Fprintf(w, "leakhound: warning: %s: %s\n", termsafe.String(n.Path), termsafe.String(n.Reason))
			continue
		}
		fmt.Fprintf(w, "leakhound: skipped %s: %s\n", termsafe.String(n.Path), termsafe.String(n.Reason))
	}
	secs := res.Elapsed.Seconds()
	line := fmt.Sprintf("leakhound: scanned %s in %d %s in %.2fs (%s/s)", scan.HumanBytes(res.Bytes), res.Units,
		pluralize(int(res.Units), "item", "items"), secs, scan.HumanBytes(int64(float64(res.Bytes)/max(secs, 1e-9))))
	if rss := peakRSS(); rss > 0 {
		line += ", peak memory " + scan.HumanBytes(rss)
	}
	if binary > 0 {
		line += fmt.Sprintf(", %d binary skipped", binary)
	}
	if suppressed > 0 {
		line += fmt.Sprintf(", %d suppressed", suppressed)
	}
	if belowConfidence > 0 {
		line += fmt.Sprintf(", %d of lower confidence not shown (--min-confidence low shows them)", belowConfidence)
	}
	if counts := validityCounts(findings); counts != "" {
		line += ", " + counts
	}
	if format != "text" {
		line += "; " + report.Summary(findings)
	}
	fmt.Fprintln(w, line)
}

// validityCounts summarises live checks: "checked 3: 1 valid, 2 unknown".
func validityCounts(fs []finding.Finding) string {
	n := map[string]int{}
	total := 0
	for _, f := range fs {
		if f.Validity != "" {
			n[f.Validity]++
			total++
		}
	}
	if total == 0 {
		return ""
	}
	var parts []string
	for _, s := range []string{"valid", "invalid", "unknown"} {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[s], s))
		}
	}
	return fmt.Sprintf("checked %d: %s", total, strings.Join(parts, ", "))
}

func pluralize(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// reportUnresolved names, on stderr, the reviewed entries that named no
// secret this scan found: after a scan of the whole target they are
// stale, or name a secret leakhound's rules do not find.
func reportUnresolved(w io.Writer, unresolved []string) {
	if len(unresolved) == 0 {
		return
	}
	var b bytes.Buffer
	const shown = 10
	for i, o := range unresolved {
		if i == shown {
			fmt.Fprintf(&b, " and %d more", len(unresolved)-shown)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(o)
	}
	fmt.Fprintf(w, "leakhound: note: %d reviewed %s named no secret this scan found: %s\n",
		len(unresolved), pluralize(len(unresolved), "entry", "entries"), termsafe.String(strings.TrimSpace(b.String())))
}
