// Command leakhound finds leaked credentials in files, git history and
// streams.
package main

import (
	"os"

	"github.com/leakhound/leakhound/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.StdIO()))
}
