package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/leakhound/leakhound/internal/hook"
	"github.com/leakhound/leakhound/internal/termsafe"
)

func newHookCmd(io *IO) *cobra.Command {
	cmd := &cobra.Command{Use: "hook", Short: "Install or remove git hooks that stop secrets before they leave the machine"}
	var preCommit, prePush, global bool
	install := &cobra.Command{
		Use:   "install",
		Short: "Install the pre-commit and/or pre-push hook (both when neither flag is given)",
		Long: `Writes hook scripts that run leakhound scan staged (pre-commit) and
leakhound scan pre-push (pre-push). An existing hook is kept and run first.
Without --global the hooks go to this repository (git rev-parse --git-path
hooks, which honours core.hooksPath); with --global to a directory set as
the global core.hooksPath, and they also run each repository's own hook.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := hooksDir(cmdContext(cmd), global, true)
			if err != nil {
				return exitWith(ExitError, err)
			}
			bin := selfPath()
			for _, kind := range selectedKinds(preCommit, prePush) {
				chained, err := hook.Install(dir, kind, bin, global)
				if err != nil {
					return exitWith(ExitError, fmt.Errorf("installing %s: %w", kind, err))
				}
				note := ""
				if chained {
					note = " (your existing hook runs first)"
				}
				fmt.Fprintf(io.Out, "installed %s hook in %s%s\n", kind, dir, note)
			}
			if local := localHooksPath(cmdContext(cmd)); global && local != "" {
				fmt.Fprintf(io.Err, "leakhound: warning: this repository sets its own core.hooksPath (%s), which git uses instead of the global one: the global hooks do not run here; run `leakhound hook install` in it\n", termsafe.String(local))
			}
			return nil
		},
	}
	uninstall := &cobra.Command{
		Use:   "uninstall",
		Short: "Remove leakhound's hooks and restore the hooks they chained",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := hooksDir(cmdContext(cmd), global, false)
			if err != nil {
				return exitWith(ExitError, err)
			}
			for _, kind := range selectedKinds(preCommit, prePush) {
				removed, err := hook.Uninstall(dir, kind)
				if err != nil {
					return exitWith(ExitError, fmt.Errorf("removing %s: %w", kind, err))
				}
				if removed {
					fmt.Fprintf(io.Out, "removed %s hook from %s\n", kind, dir)
				}
			}
			return nil
		},
	}
	for _, c := range []*cobra.Command{install, uninstall} {
		c.Flags().BoolVar(&preCommit, "pre-commit", false, "the pre-commit hook")
		c.Flags().BoolVar(&prePush, "pre-push", false, "the pre-push hook")
		c.Flags().BoolVar(&global, "global", false, "for every repository of this user, through core.hooksPath")
	}
	cmd.AddCommand(install, uninstall)
	return cmd
}

func selectedKinds(preCommit, prePush bool) []string {
	if preCommit == prePush {
		return []string{"pre-commit", "pre-push"}
	}
	if preCommit {
		return []string{"pre-commit"}
	}
	return []string{"pre-push"}
}

// hooksDir finds where hooks go. For --global it reuses an existing global
// core.hooksPath (another tool's hooks get chained) or sets one.
func hooksDir(ctx context.Context, global, create bool) (string, error) {
	if !global {
		out, err := exec.CommandContext(ctx, "git", "rev-parse", "--git-path", "hooks").Output()
		if err != nil {
			return "", errors.New("not in a git repository (use --global for every repository)")
		}
		dir := strings.TrimSpace(string(out))
		return filepath.Abs(dir)
	}
	out, _ := exec.CommandContext(ctx, "git", "config", "--global", "--get", "core.hooksPath").Output()
	if dir := strings.TrimSpace(string(out)); dir != "" {
		if strings.HasPrefix(dir, "~/") {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", err
			}
			dir = filepath.Join(home, dir[2:])
		}
		return dir, nil
	}
	if !create {
		return "", errors.New("no global core.hooksPath is set: nothing to uninstall")
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(base, "leakhound", "hooks")
	if out, err := exec.CommandContext(ctx, "git", "config", "--global", "core.hooksPath", dir).CombinedOutput(); err != nil {
		return "", fmt.Errorf("setting core.hooksPath: %s", strings.TrimSpace(string(out)))
	}
	return dir, nil
}

// localHooksPath is the core.hooksPath the repository in the current
// folder sets itself (husky and lefthook set one), "" when none: git runs
// the hooks there, never the global ones.
func localHooksPath(ctx context.Context) string {
	out, err := exec.CommandContext(ctx, "git", "config", "--local", "--get", "core.hooksPath").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// selfPath is the binary hooks should run: this one, unless it is a
// temporary `go run` build, in which case leakhound from PATH.
func selfPath() string {
	exe, err := os.Executable()
	if err != nil || strings.Contains(exe, "go-build") || strings.HasSuffix(exe, ".test") {
		return "leakhound"
	}
	return exe
}
