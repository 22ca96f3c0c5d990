// Package cli builds the leakhound command line: one file per command, each
// turning flags into options and calling a package that does the work.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/leakhound/leakhound/internal/termsafe"
)

// Exit statuses, a contract with hooks and CI systems.
const (
	ExitClean    = 0
	ExitFindings = 1
	ExitError    = 2
)

// IO is the terminal a command talks to, injected so every command can be
// tested without a real one.
type IO struct {
	In       io.Reader
	Out      io.Writer
	Err      io.Writer
	OutIsTTY bool
	ErrIsTTY bool
	// Getenv reads the environment (os.Getenv outside tests).
	Getenv func(string) string
}

// StdIO is the process's own terminal.
func StdIO() *IO {
	return &IO{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		OutIsTTY: term.IsTerminal(int(os.Stdout.Fd())),
		ErrIsTTY: term.IsTerminal(int(os.Stderr.Fd())),
		Getenv:   os.Getenv,
	}
}

// exitError carries an exit status out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func exitWith(code int, err error) error { return &exitError{code: code, err: err} }

// Main runs the command line and returns the process exit status.
func Main(args []string, io *IO) int {
	if io.Getenv == nil {
		io.Getenv = func(string) string { return "" }
	}
	root := newRootCmd(io)
	var prof profileFlags
	prof.register(root)
	root.PersistentPreRunE = func(*cobra.Command, []string) error { return prof.start() }
	root.SetArgs(args)
	err := root.Execute()
	if perr := prof.stop(); perr != nil && err == nil {
		err = exitWith(ExitError, perr)
	}
	if err == nil {
		return ExitClean
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(io.Err, "leakhound: %s\n", termsafe.Lines(ee.err.Error()))
		}
		return ee.code
	}
	// Flag and argument errors from cobra.
	fmt.Fprintf(io.Err, "leakhound: %s\nRun 'leakhound --help' for usage.\n", termsafe.Lines(err.Error()))
	return ExitError
}

func newRootCmd(io *IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "leakhound",
		Short: "Find leaked credentials in files, git history and streams",
		Long: `leakhound finds leaked credentials (API keys, tokens, private keys, passwords)
in files and the full history of git repositories, locally: no code leaves
the machine.

Exit status: 0 no findings, 1 findings, 2 error (the target could not be
read completely).`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.Err)
	root.AddCommand(newScanCmd(io), newRulesCmd(io), newExplainCmd(io), newHookCmd(io), newIgnoreCmd(io), newValidateCmd(io), newInvestigateCmd(io), newVersionCmd(io), newConfigCmd(io))
	root.AddCommand(newServeCmd(io), newTokenCmd(io), newUserCmd(io), newWorkerCmd(io), newMonitorCmd(io))
	return root
}

// Version is set at build time with -ldflags "-X .../cli.Version=v1.2.3".
var Version = ""

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			return bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return "dev"
}
