package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/leakhound/leakhound/internal/ci"
	"github.com/leakhound/leakhound/internal/gitrange"
	"github.com/leakhound/leakhound/internal/scan"
	"github.com/leakhound/leakhound/internal/source"
	"github.com/leakhound/leakhound/internal/termsafe"
)

// Scans for hooks and CI: the same pipeline as scan git, on exactly the
// commits (or staged lines) being added.

func newScanStagedCmd(io *IO, flags *scanFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "staged [REPO]",
		Short: "Scan the lines the index adds (what git commit is about to record): for pre-commit hooks",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			repo := repoArg(args)
			flags.report.kind = "staged"
			// git works out the changes while the engine is built.
			ctx, cancel := context.WithCancel(cmd.Context())
			defer cancel()
			changes := source.FetchStaged(ctx, repo)
			return runScan(ctx, io, flags, repo, func(env *scanEnv) scan.Source {
				return &source.Staged{Repo: repo, Exclude: env.exclude, MaxFileSize: env.maxFileSize, Workers: env.workers, Changes: changes}
			})
		},
	}
}

func newScanPrePushCmd(io *IO, flags *scanFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pre-push [REMOTE [URL]]",
		Short: "Scan the commits a push sends (reads the pre-push hook's standard input)",
		Long: `Reads "<local ref> <local sha> <remote ref> <remote sha>" lines from standard
input, as git passes them to a pre-push hook, and scans only the commits the
remote does not have yet. A new branch is compared with the remote's
remote-tracking refs; deletions are ignored. The hook passes its REMOTE and
URL arguments through.`,
		Args: cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			remote := ""
			if len(args) > 0 {
				remote = args[0]
			}
			updates, err := gitrange.ParsePrePush(io.In)
			if err != nil {
				return exitWith(ExitError, err)
			}
			ctx := cmdContext(cmd)
			plan, err := gitrange.PrePush(ctx, gitrange.Repo{Dir: "."}, remote, updates)
			if err != nil {
				return exitWith(ExitError, err)
			}
			flags.report.kind = "pre-push"
			// The hook guards the pusher's own push, and its author can
			// skip it (--no-verify): reading the repository's files at
			// the base would only stop an ignore entry committed with
			// its false positive (leakhound ignore --last-found). The
			// gates others rely on, pre-receive and CI, read them at the
			// base.
			flags.trustConfigChanges = true
			return runPlan(ctx, io, flags, ".", plan)
		},
	}
	flags.registerHistory(cmd)
	flags.registerRange(cmd)
	return cmd
}

func newScanPreReceiveCmd(io *IO, flags *scanFlags) *cobra.Command {
	var timeout time.Duration
	var failClosed bool
	cmd := &cobra.Command{
		Use:   "pre-receive",
		Short: "Scan the commits a push brings to a server (reads the pre-receive hook's standard input)",
		Long: `Reads "<old> <new> <ref>" lines from standard input, as git passes them to a
pre-receive hook on the server, and scans the new commits. It runs inside
the quarantine environment git sets up, so the pushed objects are visible
before they are accepted. If the scan takes longer than --timeout, the push
is let through with a warning (so a huge push cannot block everyone), or
refused with --fail-closed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			updates, err := gitrange.ParsePreReceive(io.In)
			if err != nil {
				return exitWith(ExitError, err)
			}
			plan := gitrange.PreReceive(cmdContext(cmd), gitrange.Repo{Dir: "."}, updates)
			flags.report.kind = "pre-receive"
			flags.onTimeout = func() error {
				if failClosed {
					return exitWith(ExitFindings, fmt.Errorf("the secret scan did not finish within %s; refusing the push (--fail-closed)", timeout))
				}
				// Name what went through, so that it can be scanned later.
				fmt.Fprintf(io.Err, "leakhound: warning: the secret scan did not finish within %s; letting the push through unscanned: %s\n", timeout, termsafe.String(plan.Description))
				return nil
			}
			ctx, cancel := context.WithTimeout(cmdContext(cmd), timeout)
			defer cancel()
			return runPlan(ctx, io, flags, ".", plan)
		},
	}
	cmd.Flags().DurationVar(&timeout, "timeout", 4*time.Second, "time budget for the scan")
	cmd.Flags().BoolVar(&failClosed, "fail-closed", false, "refuse the push when the time budget runs out")
	flags.registerReader(cmd)
	flags.registerRange(cmd)
	return cmd
}

func newScanCICmd(io *IO, flags *scanFlags) *cobra.Command {
	var base string
	cmd := &cobra.Command{
		Use:   "ci [REPO]",
		Short: "Scan exactly the commits a CI pipeline brings in (GitHub, GitLab, CircleCI, Travis, Jenkins, Bitbucket, Azure, Drone)",
		Long: `Recognises the CI system from its environment variables and scans the
commits the pipeline brings in: a push's new commits, or a pull/merge
request's commits since its merge base. Shallow clones are deepened until
the base is there; when there is no usable base (a new branch, a force
push) the merge base with the default branch is used. The range scanned is
printed on standard error. When no base is known, or the base is missing,
and the head is on the default branch already, the head's whole history
is scanned; --base names the commit the run starts from instead
(CircleCI's pipeline.git.base_revision, for example).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			repo := repoArg(args)
			r, err := ci.Detect(io.Getenv)
			if err != nil {
				return exitWith(ExitError, err)
			}
			if base != "" {
				// Compared through the merge base: an old tip that a
				// force push left behind still bounds the new commits.
				r.Base, r.BaseIsBranch = base, true
			}
			ctx := cmdContext(cmd)
			g := gitrange.Repo{Dir: repo}
			plan, err := ci.Resolve(ctx, g, r, g)
			if err != nil {
				return exitWith(ExitError, err)
			}
			flags.report.kind = "ci"
			return runPlan(ctx, io, flags, repo, plan)
		},
	}
	cmd.Flags().StringVar(&base, "base", "", "the commit (or branch) the run starts from, when the CI system does not say")
	flags.registerHistory(cmd)
	flags.registerRange(cmd)
	return cmd
}

// runPlan scans the commits of a plan with the git source, saying on
// stderr which range it covers.
func runPlan(ctx context.Context, io *IO, flags *scanFlags, repo string, plan gitrange.Plan) error {
	fmt.Fprintf(io.Err, "leakhound: scanning %s\n", termsafe.String(plan.Description))
	flags.report.commitRange = plan.Description
	flags.rangeGap = true
	if plan.Empty() {
		return nil
	}
	var err error
	if flags.fromBase, err = readBaseFiles(ctx, io.Err, repo, plan.Base, plan.Tips, flags.trustConfigChanges); err != nil {
		if flags.outOfTime(ctx, err) {
			return flags.onTimeout()
		}
		return exitWith(ExitError, err)
	}
	defer flags.fromBase.close()
	return runScan(ctx, io, flags, repo, func(env *scanEnv) scan.Source {
		return env.history(repo, plan.Revs)
	})
}

// outOfTime reports whether a scan with a time budget (pre-receive) ran
// out of it. Whatever failed once the deadline passed is the budget's
// doing: a git command killed mid-way says only "no message from git",
// and reporting that as a failed scan refused a push the budget lets
// through (or named the wrong cause with --fail-closed).
func (f *scanFlags) outOfTime(ctx context.Context, err error) bool {
	return f.onTimeout != nil && (errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded))
}

func repoArg(args []string) string {
	if len(args) == 1 {
		return args[0]
	}
	return "."
}

func cmdContext(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}
