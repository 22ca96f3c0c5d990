//go:build unix

package cli

import (
	"runtime"
	"syscall"
)

// peakRSS is the process's own peak resident memory in bytes (children such
// as git are not counted), or 0 where the platform does not say.
func peakRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss) // bytes on macOS
	}
	return int64(ru.Maxrss) * 1024 // kilobytes on Linux and the BSDs
}
